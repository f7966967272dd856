import { installFakeLanguageModel, type FakeLanguageModel, type FakeLanguageModelConfig } from './fake-language-model';

// Evaluated in the extension's service worker by the end-to-end tests.
let fake: FakeLanguageModel | undefined;

Object.assign(globalThis, {
  __inklingFake: {
    install(config: FakeLanguageModelConfig) {
      fake = installFakeLanguageModel(config);
    },
    log() {
      return fake?.log;
    },
  },
});
