/** "Give up after this many seconds of silence": the model download's and the server stream's. */
export function StallSecondsField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
}) {
  return (
    <label>
      {label}
      <input type="number" min={2} max={600} value={value} onInput={(event) => onChange(event.currentTarget.value)} />
    </label>
  );
}
