/** How llama.cpp's gguf-split names the parts of a model too big for one file. */
const SPLIT_NAME = /-(\d{5})-of-(\d{5})\.gguf$/i;

/**
 * The addresses of every part of a model, in order: the address itself for a single file; for a
 * split model (`…-00001-of-00003.gguf`, any part's address), each part's.
 */
export function modelParts(url: string): string[] {
  const address = new URL(url);
  const split = SPLIT_NAME.exec(address.pathname);
  const count = Number(split?.[2] ?? 0);
  if (!split || count < 1) return [url];
  return Array.from({ length: count }, (_, index) => {
    const part = new URL(url);
    part.pathname = address.pathname.replace(SPLIT_NAME, `-${String(index + 1).padStart(5, '0')}-of-${split[2]}.gguf`);
    return part.href;
  });
}
