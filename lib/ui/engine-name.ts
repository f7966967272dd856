/** "llama.cpp on your CPU: Qwen2.5 0.5B", or the label alone when it already names the model. */
export function engineAndModel(label: string, model: string): string {
  return label.includes(model) ? label : `${label}: ${model}`;
}
