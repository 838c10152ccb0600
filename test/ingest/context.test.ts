import {describe, expect, test} from '@jest/globals'
import {ciContext} from '../../src/lib/ingest/context/ci-env.js'
import {checkContext} from '../../src/lib/ingest/context/explicit.js'
import {mergeContext} from '../../src/lib/ingest/context/merge.js'
import {documentContext} from '../../src/lib/ingest/normalize/context.js'
import {FAMILY_TABLE, inferFamily} from '../../src/lib/ingest/normalize/families.js'
import {timeFromPath, timeInName} from '../../src/lib/ingest/normalize/time-from-name.js'
import {BenchError} from '../../src/lib/errors.js'

const SHA = '5b78858eb718649a31fb93d8dc96ca2cee41a4cd'

describe('document context normaliser', () => {
  test.each([
    ['pytest-benchmark commit_info / machine_info', {commit_info: {id: SHA, branch: 'master', dirty: true}, machine_info: {node: 'minibox', machine: 'x86_64'}},
      {gitCommit: SHA, gitBranch: 'master', machine: 'minibox'}],
    ['top-level git_commit, git_branch, hostname', {git_commit: 'abc1234', git_branch: 'refs/heads/feature/x', hostname: 'gpu-01'},
      {gitCommit: 'abc1234', gitBranch: 'feature/x', machine: 'gpu-01'}],
    ['metadata.git.{sha,ref,url}', {metadata: {git: {sha: SHA, ref: 'main', url: 'https://github.com/o/r'}}},
      {gitCommit: SHA, gitBranch: 'main', repository: 'https://github.com/o/r'}],
    ['environment.{revision,branch,host}', {environment: {revision: 'deadbeef12', branch: 'dev', host: 'node-7'}},
      {gitCommit: 'deadbeef12', gitBranch: 'dev', machine: 'node-7'}],
    ['system_info.hostname and tags', {system_info: {hostname: 'h1'}, tags: {gpu: 'a100', n: 8}},
      {machine: 'h1', tags: {gpu: 'a100', n: '8'}}],
    ['tags as key=value list', {metadata: {tags: ['suite=nightly', 'no-equals']}}, {tags: {suite: 'nightly'}}],
  ])('%s', (_name, doc, expected) => {
    expect(documentContext(doc)).toEqual(expected)
  })

  test('values that do not look like what they claim are ignored', () => {
    expect(documentContext({commit: 'not a sha', sha: 'abc', branch: 'two words', machine: 'x86_64', hostname: ''})).toEqual({})
    // A tag ref is not a branch.
    expect(documentContext({git_ref: 'refs/tags/v1.0'})).toEqual({})
  })

  test('result rows and lists are never searched (a model revision is not the code commit)', () => {
    expect(documentContext({results: [{revision: SHA, hostname: 'x'}], models: {bert: {revision: SHA}}})).toEqual({})
    expect(documentContext([{git_commit: SHA}])).toEqual({})
  })
})

describe('time from file and folder names', () => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  test.each([
    ['/r/performance/20250302_201142/benchmark_results.json', '2025-03-02T20:11:42Z'],
    ['/r/hardware_cpu_results_20250226_222617.json', '2025-02-26T22:26:17Z'],
    ['/r/hf_bert_test_results__2025-02-28_version.json', '2025-02-28T00:00:00Z'],
    ['/r/whisper_firefox_vs_chrome_1741232337.json', '2025-03-06T03:38:57Z'],
    ['/r/nightly-2025-03-05T10-20-30/out.json', '2025-03-05T10:20:30Z'],
  ])('%s -> %s', (path, iso) => expect(timeFromPath(path, now)?.iso).toBe(iso))

  test.each([
    // a sha256 file name is full of digit runs
    ['/r/563b04d421d313bae1d2d8f9f16dea6c308856e5cda42307da74bcc073644dc6.json'],
    ['/r/bert_cpu_test.json'],
    // impossible dates and times
    ['/r/run_20251345_250000.json'],
    ['/r/2025-02-30.json'],
    // digit runs glued to letters or other digits: an id, not a time
    ['/r/job1741232337.json'],
    ['/r/12345678901.json'],
    // in the future
    ['/r/20990101_000000.json'],
    // too old to be a benchmark run (a build number)
    ['/r/build_0000012345.json'],
  ])('%s has no time', (path) => expect(timeFromPath(path, now)).toBeNull())

  test('the file name wins over its folder; folders more than two levels up are not read', () => {
    expect(timeFromPath('/r/20250101_000000/run_20250202_000000.json', now)?.iso).toBe('2025-02-02T00:00:00Z')
    expect(timeFromPath('/r/20250101_000000/a/b/c.json', now)).toBeNull()
    expect(timeInName('x_1741232337', now)).toBe(1741232337000)
  })
})

describe('model families: one table, whole tokens', () => {
  // One example name per table entry (the family's own name, as a HF-style id).
  const examples: Record<string, string> = {
    xclip: 'microsoft/xclip-base-patch32', clap: 'laion/clap-htsat-unfused', clip: 'openai/clip-vit-base-patch32', blip: 'Salesforce/blip-image-captioning-base',
    llava: 'llava-hf/llava-1.5-7b-hf', visual_bert: 'uclanlp/visualbert-vqa', layoutlm: 'microsoft/layoutlmv3-base', flava: 'facebook/flava-full',
    vilt: 'dandelin/vilt-b32-mlm', fuyu: 'adept/fuyu-8b', pix2struct: 'google/pix2struct-base', seamless_m4t: 'facebook/seamless_m4t_v2',
    data2vec: 'facebook/data2vec-audio-base', distilbert: 'distilbert-base-uncased', roberta: 'roberta-base', deberta: 'microsoft/deberta-v3-base',
    albert: 'albert-base-v2', electra: 'google/electra-small-discriminator', xlnet: 'xlnet-base-cased', canine: 'google/canine-s', bert: 'bert-base-uncased',
    speecht5: 'microsoft/speecht5_tts', mt5: 'google/mt5-small', byt5: 'google/byt5-small', t5: 'google/flan-t5-small', mbart: 'facebook/mbart-large-50',
    bart: 'facebook/bart-large', pegasus: 'google/pegasus-xsum', marian: 'Helsinki-NLP/opus-mt-en-de', gpt2: 'gpt2-medium', gpt_neox: 'EleutherAI/gpt-neox-20b',
    gpt_neo: 'EleutherAI/gpt-neo-125m', gptj: 'EleutherAI/gpt-j-6b', mixtral: 'mixtral-8x7b-32768', mistral: 'mistralai/Mistral-7B-v0.1',
    llama: 'meta-llama/Meta-Llama-3-8B', qwen2: 'Qwen/Qwen2-0.5B-Instruct', phi: 'microsoft/phi-2', gemma: 'google/gemma-2b', falcon: 'tiiuae/falcon-7b',
    bloom: 'bigscience/bloom-560m', opt: 'facebook/opt-125m', whisper: 'openai/whisper-tiny', wav2vec2: 'facebook/wav2vec2-base', hubert: 'facebook/hubert-base-ls960',
    wavlm: 'microsoft/wavlm-base', encodec: 'facebook/encodec_24khz', musicgen: 'facebook/musicgen-small', deit: 'facebook/deit-tiny-patch16-224',
    beit: 'microsoft/beit-base-patch16-224', swin: 'microsoft/swin-tiny-patch4-window7-224', mobilevit: 'apple/mobilevit-small', owlvit: 'google/owlvit-base-patch32',
    vit: 'google/vit-base-patch16-224', detr: 'facebook/detr-resnet-50', yolos: 'hustvl/yolos-tiny', segformer: 'nvidia/segformer-b0', mask2former: 'facebook/mask2former-swin-tiny',
    dpt: 'Intel/dpt-large', zoedepth: 'Intel/zoedepth-nyu', sam: 'facebook/sam-vit-base', resnet: 'microsoft/resnet-50', convnext: 'facebook/convnext-tiny-224',
    mobilenet: 'google/mobilenet_v2_1.0_224', efficientnet: 'google/efficientnet-b0',
  }

  test('every table entry has an example here', () => {
    expect(Object.keys(examples).sort()).toEqual(FAMILY_TABLE.map(([f]) => f).sort())
  })

  test.each(FAMILY_TABLE.map(([family]) => [examples[family], family]))('%s is %s', (name, family) => {
    expect(inferFamily(name)).toBe(family)
  })

  test.each([
    ['hubert', 'hubert'], ['speecht5', 'speecht5'], ['mt5-base', 'mt5'], ['gpt-2', 'gpt2'], ['visual_bert', 'visual_bert'],
    ['TinyLlama/TinyLlama-1.1B-Chat-v1.0', 'llama'], ['prajjwal1/bert-tiny', 'bert'], ['camembert-base', 'roberta'],
  ])('token, not substring: %s is %s', (name, family) => expect(inferFamily(name)).toBe(family))

  test.each(['something-else', 'robertson-model', 'tbert', 'vitals', 'my-t5x', 'alphabet'])('%s has no family', (name) => {
    expect(inferFamily(name)).toBeNull()
  })
})

describe('explicit context and precedence', () => {
  test('checkContext refuses malformed values with a usage error naming them', () => {
    const refuse = (input: Parameters<typeof checkContext>[0], named: string) => {
      let err: unknown
      try {
        checkContext(input)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(BenchError)
      expect((err as BenchError).kind).toBe('usage')
      expect((err as BenchError).message).toContain(named)
    }
    refuse({gitCommit: ''}, '""')
    refuse({gitCommit: 'xyz1234'}, '"xyz1234"')
    refuse({gitBranch: 'has space'}, '"has space"')
    refuse({tags: ['novalue']}, '"novalue"')
    refuse({tags: ['=v']}, '"=v"')
    expect(checkContext({gitCommit: 'ABC1234', tags: ['a=1', 'b=x=y', 'a=2']})).toEqual({gitCommit: 'ABC1234', tags: {a: '2', b: 'x=y'}})
  })

  test('explicit over file over CI; a lower source\'s branch only goes with the same commit', () => {
    const explicit = {machine: 'm-explicit', tags: {a: 'explicit'}}
    const file = {gitCommit: 'aaaa1111', machine: 'm-file', tags: {a: 'file', b: 'file'}}
    const ci = {gitCommit: 'bbbb2222', gitBranch: 'ci-branch', ciProvider: 'github-actions', ciRunId: '42', machine: 'runner'}
    expect(mergeContext(explicit, file, ci)).toEqual({
      gitCommit: 'aaaa1111', machine: 'm-explicit', ciProvider: 'github-actions', ciRunId: '42', tags: {a: 'explicit', b: 'file'},
    })
    // Same commit (abbreviated in the file): the CI job's branch applies.
    expect(mergeContext({}, {gitCommit: 'bbbb222'}, ci).gitBranch).toBe('ci-branch')
  })
})

describe('CI environment', () => {
  test('GitHub Actions', () => {
    expect(ciContext({
      GITHUB_ACTIONS: 'true', GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '77', RUNNER_NAME: 'gh-runner-3',
    })).toEqual({
      ciProvider: 'github-actions', gitCommit: SHA, gitBranch: 'main', repository: 'https://github.com/o/r', ciRunId: '77',
      ciRunUrl: 'https://github.com/o/r/actions/runs/77', machine: 'gh-runner-3',
    })
    // A pull request: its branch is the head ref, not "12/merge".
    expect(ciContext({GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/pull/12/merge', GITHUB_REF_NAME: '12/merge', GITHUB_HEAD_REF: 'feature'}).gitBranch).toBe('feature')
  })

  test('GitLab CI, Buildkite, Jenkins, CircleCI, Azure Pipelines', () => {
    expect(ciContext({GITLAB_CI: 'true', CI_COMMIT_SHA: SHA, CI_COMMIT_BRANCH: 'main', CI_PROJECT_URL: 'https://gitlab.com/g/p', CI_PIPELINE_ID: '9',
      CI_PIPELINE_URL: 'https://gitlab.com/g/p/-/pipelines/9', CI_RUNNER_DESCRIPTION: 'shared-1'})).toEqual({
      ciProvider: 'gitlab-ci', gitCommit: SHA, gitBranch: 'main', repository: 'https://gitlab.com/g/p', ciRunId: '9',
      ciRunUrl: 'https://gitlab.com/g/p/-/pipelines/9', machine: 'shared-1'})
    expect(ciContext({BUILDKITE: 'true', BUILDKITE_COMMIT: SHA, BUILDKITE_BRANCH: 'b'})).toMatchObject({ciProvider: 'buildkite', gitCommit: SHA, gitBranch: 'b'})
    expect(ciContext({JENKINS_URL: 'http://j', BUILD_NUMBER: '5', JOB_NAME: 'bench', GIT_COMMIT: SHA, GIT_BRANCH: 'origin/main'}))
      .toMatchObject({ciProvider: 'jenkins', gitCommit: SHA, gitBranch: 'main', ciRunId: 'bench#5'})
    expect(ciContext({CIRCLECI: 'true', CIRCLE_SHA1: SHA, CIRCLE_BRANCH: 'c'})).toMatchObject({ciProvider: 'circleci', gitBranch: 'c'})
    expect(ciContext({TF_BUILD: 'True', BUILD_SOURCEVERSION: SHA, BUILD_SOURCEBRANCH: 'refs/heads/release/1', BUILD_BUILDID: '3',
      SYSTEM_COLLECTIONURI: 'https://dev.azure.com/org/', SYSTEM_TEAMPROJECT: 'proj'}))
      .toMatchObject({ciProvider: 'azure-pipelines', gitBranch: 'release/1', ciRunUrl: 'https://dev.azure.com/org/proj/_build/results?buildId=3'})
  })

  test('variables without the provider\'s marker are not a CI run', () => {
    expect(ciContext({GITHUB_SHA: SHA, CI_COMMIT_SHA: SHA, GITHUB_ACTIONS: 'false'})).toEqual({})
  })
})
