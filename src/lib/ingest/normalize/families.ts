/**
 * The one table of known model architectures (families). A model's family is the first entry, in
 * table order, one of whose patterns matches a whole NAME TOKEN: the model id's last path segment
 * split on `-`, `_`, `.`, spaces, plus each pair of adjacent tokens joined (`gpt-2` -> `gpt2`,
 * `visual_bert` -> `visualbert`). Whole tokens, never substrings: `hubert` is not `bert`,
 * `speecht5` is not `t5`, `albert` is not `bert`. An unknown name gets no family (null) rather than
 * a wrong one.
 *
 * Order matters only where one name holds two architectures: the composite first (`clip-vit` is
 * clip, `llava` before `llama`).
 */
export const FAMILY_TABLE: ReadonlyArray<readonly [family: string, patterns: readonly RegExp[]]> = [
  // Multimodal composites first: their names also name their vision or text tower.
  ['xclip', [/^xclip$/]],
  ['clap', [/^clap$/]],
  ['clip', [/^clip$/, /^openclip$/]],
  ['blip', [/^blip\d*$/]],
  ['llava', [/^llava$/]],
  ['visual_bert', [/^visualbert$/]],
  ['layoutlm', [/^layoutlm(v\d)?$/]],
  ['flava', [/^flava$/]],
  ['vilt', [/^vilt$/]],
  ['fuyu', [/^fuyu$/]],
  ['pix2struct', [/^pix2struct$/]],
  ['seamless_m4t', [/^seamlessm4t(v2)?$/]],
  ['data2vec', [/^data2vec$/]],
  // Text encoders
  ['distilbert', [/^distilbert$/]],
  ['roberta', [/^roberta$/, /^camembert$/]],
  ['deberta', [/^deberta(v\d)?$/]],
  ['albert', [/^albert$/]],
  ['electra', [/^electra$/]],
  ['xlnet', [/^xlnet$/]],
  ['canine', [/^canine$/]],
  ['bert', [/^bert$/]],
  // Encoder-decoders
  ['speecht5', [/^speecht5$/]],
  ['mt5', [/^mt5$/]],
  ['byt5', [/^byt5$/]],
  ['t5', [/^t5$/, /^t5v\d+$/]],
  ['mbart', [/^mbart$/]],
  ['bart', [/^bart$/]],
  ['pegasus', [/^pegasus$/]],
  ['marian', [/^marian(mt)?$/, /^opus$/]],
  // Decoders
  ['gpt2', [/^gpt2$/, /^distilgpt2$/]],
  ['gpt_neox', [/^gptneox$/]],
  ['gpt_neo', [/^gptneo$/]],
  ['gptj', [/^gptj$/]],
  ['mixtral', [/^mixtral$/]],
  ['mistral', [/^mistral$/]],
  ['llama', [/^llama\d*$/, /^tinyllama$/, /^codellama$/]],
  ['qwen2', [/^qwen\d*$/]],
  ['phi', [/^phi\d*$/]],
  ['gemma', [/^gemma\d*$/]],
  ['falcon', [/^falcon$/]],
  ['bloom', [/^bloomz?$/]],
  ['opt', [/^opt$/]],
  // Audio
  ['whisper', [/^whisper$/]],
  ['wav2vec2', [/^wav2vec2$/]],
  ['hubert', [/^hubert$/]],
  ['wavlm', [/^wavlm$/]],
  ['encodec', [/^encodec$/]],
  ['musicgen', [/^musicgen$/]],
  // Vision: detection, segmentation and depth models first (their names also name their backbone).
  ['mask2former', [/^mask2former$/]],
  ['sam', [/^sam$/]],
  ['detr', [/^detr$/]],
  ['yolos', [/^yolos$/]],
  ['segformer', [/^segformer$/]],
  ['dpt', [/^dpt$/]],
  ['zoedepth', [/^zoedepth$/]],
  ['owlvit', [/^owlvit$/, /^owlv2$/]],
  ['mobilevit', [/^mobilevit(v2)?$/]],
  ['deit', [/^deit$/]],
  ['beit', [/^beit$/]],
  ['swin', [/^swin(v2)?$/]],
  ['vit', [/^vit$/]],
  ['resnet', [/^resnet\d*$/]],
  ['convnext', [/^convnext(v2)?$/]],
  ['mobilenet', [/^mobilenet(v\d)?$/]],
  ['efficientnet', [/^efficientnet$/]],
]

/** A name's tokens and its adjacent token pairs joined, lower-cased. */
export function nameTokens(name: string): string[] {
  const base = name.toLowerCase().split('/').pop() ?? ''
  const tokens = base.split(/[-_.\s]+/).filter(Boolean)
  const pairs = tokens.slice(1).map((t, i) => tokens[i] + t)
  return [...tokens, ...pairs]
}

export function inferFamily(name: string): string | null {
  const tokens = nameTokens(name)
  for (const [family, patterns] of FAMILY_TABLE) {
    if (tokens.some((t) => patterns.some((p) => p.test(t)))) return family
  }
  return null
}
