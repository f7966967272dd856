/**
 * Small instruct models in GGUF that run well on a CPU through llama.cpp, for the options page's
 * catalogue. Sizes are the Q4_K_M files' on their model cards, rounded: the download's own length
 * replaces them once it starts. Nothing here is fetched until the user downloads a model.
 */
export interface CatalogueModel {
  name: string;
  url: string;
  approximateBytes: number;
  licence: string;
  languages: string;
  contextTokens: number;
  goodAt: string;
}

const HF = 'https://huggingface.co';

export const CPU_CATALOGUE: readonly CatalogueModel[] = [
  {
    // The default: the smallest model that still follows instructions and has a chat template.
    name: 'Qwen2.5 0.5B Instruct (Q4_K_M)',
    url: `${HF}/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf`,
    approximateBytes: 491_000_000,
    licence: 'Apache 2.0',
    languages: 'over 29 languages, among them English, Chinese, Spanish, French, German and Japanese',
    contextTokens: 32_768,
    goodAt: 'quick answers and short summaries on any computer',
  },
  {
    name: 'Qwen2.5 1.5B Instruct (Q4_K_M)',
    url: `${HF}/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf`,
    approximateBytes: 1_120_000_000,
    licence: 'Apache 2.0',
    languages: 'over 29 languages, among them English, Chinese, Spanish, French, German and Japanese',
    contextTokens: 32_768,
    goodAt: 'summaries, rewriting and translation, clearly better than 0.5B at three times the wait',
  },
  {
    name: 'Llama 3.2 1B Instruct (Q4_K_M)',
    url: `${HF}/bartowski/Llama-3.2-1B-Instruct-GGUF/resolve/main/Llama-3.2-1B-Instruct-Q4_K_M.gguf`,
    approximateBytes: 808_000_000,
    licence: 'Llama 3.2 Community License',
    languages: 'English, German, French, Italian, Portuguese, Hindi, Spanish and Thai',
    contextTokens: 131_072,
    goodAt: 'chat and summaries of long pages in its eight languages',
  },
  {
    name: 'Llama 3.2 3B Instruct (Q4_K_M)',
    url: `${HF}/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/main/Llama-3.2-3B-Instruct-Q4_K_M.gguf`,
    approximateBytes: 2_020_000_000,
    licence: 'Llama 3.2 Community License',
    languages: 'English, German, French, Italian, Portuguese, Hindi, Spanish and Thai',
    contextTokens: 131_072,
    goodAt: 'the best answers of this list, on a fast CPU with 4 GB of memory to spare',
  },
  {
    name: 'Gemma 3 1B Instruct (Q4_K_M)',
    url: `${HF}/ggml-org/gemma-3-1b-it-GGUF/resolve/main/gemma-3-1b-it-Q4_K_M.gguf`,
    approximateBytes: 806_000_000,
    licence: 'Gemma Terms of Use',
    languages: 'over 140 languages',
    contextTokens: 32_768,
    goodAt: 'text in less common languages, and short factual answers',
  },
  {
    name: 'SmolLM2 1.7B Instruct (Q4_K_M)',
    url: `${HF}/HuggingFaceTB/SmolLM2-1.7B-Instruct-GGUF/resolve/main/smollm2-1.7b-instruct-q4_k_m.gguf`,
    approximateBytes: 1_060_000_000,
    licence: 'Apache 2.0',
    languages: 'English',
    contextTokens: 8_192,
    goodAt: 'English chat, rewriting and simple reasoning, fully open data',
  },
];

export function catalogueModel(url: string): CatalogueModel | undefined {
  return CPU_CATALOGUE.find((model) => model.url === url);
}
