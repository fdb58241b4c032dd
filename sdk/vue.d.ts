// Template typings of <kehu-survey> and <kehu-feedback> for Vue 3 (Volar / vue-tsc). Load them once,
// e.g. in a .d.ts file of your project:  import type {} from 'kehu-sdk/vue';
// Tell Vue's compiler that kehu-* tags are custom elements:
//   compilerOptions.isCustomElement = (tag) => tag.startsWith('kehu-')
// Events: @kehu-submit and @kehu-error.
import type { DefineComponent } from 'vue';
import type { KehuErrorEvent, KehuFeedbackAttributes, KehuSubmitEvent, KehuSurveyAttributes } from './kehu.js';

export interface KehuVueEvents {
  onKehuSubmit?: (event: KehuSubmitEvent) => void;
  onKehuError?: (event: KehuErrorEvent) => void;
}

declare module 'vue' {
  interface GlobalComponents {
    'kehu-survey': DefineComponent<KehuSurveyAttributes & KehuVueEvents>;
    'kehu-feedback': DefineComponent<KehuFeedbackAttributes & KehuVueEvents>;
  }
}
