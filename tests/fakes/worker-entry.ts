import { installFakeLanguageModel, type FakeLanguageModel, type FakeLanguageModelConfig } from './fake-language-model';
import { installFakeSummarizer, type FakeSummarizerConfig } from './fake-summarizer';
import { installFakeTranslator, type FakeTranslatorConfig } from './fake-translator';
import { installFakeWritingApis, type FakeWritingConfig } from './fake-writing-apis';

// Evaluated in the extension's service worker by the end-to-end tests.
let fake: FakeLanguageModel | undefined;
let summarizer: ReturnType<typeof installFakeSummarizer> | undefined;
let translator: ReturnType<typeof installFakeTranslator> | undefined;
let writing: ReturnType<typeof installFakeWritingApis> | undefined;

Object.assign(globalThis, {
  __inklingFake: {
    install(config: FakeLanguageModelConfig) {
      fake = installFakeLanguageModel(config);
    },
    log() {
      return fake?.log;
    },
    installSummarizer(config: FakeSummarizerConfig) {
      summarizer = installFakeSummarizer(config);
    },
    summarizerLog() {
      return summarizer?.log;
    },
    installTranslator(config: FakeTranslatorConfig) {
      translator = installFakeTranslator(config);
    },
    translatorLog() {
      return translator?.log;
    },
    installWriting(config: FakeWritingConfig) {
      writing = installFakeWritingApis(config);
    },
    writingLog() {
      return writing?.log;
    },
  },
});
