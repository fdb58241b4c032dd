// JSX typings of <kehu-survey> and <kehu-feedback> for React 19 (also @types/react 18.3). Load them
// once, e.g. in a .d.ts file of your project:  import type {} from 'kehu-sdk/react';
// Events: React 19 adds a listener for a prop named `on` + the event's name: `onkehu-submit`.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  KehuErrorEvent,
  KehuFeedbackAttributes,
  KehuFeedbackElement,
  KehuSubmitEvent,
  KehuSurveyAttributes,
  KehuSurveyElement,
} from './kehu.js';

export type KehuJsxProps<E extends HTMLElement, A> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  A & {
    'onkehu-submit'?: (event: KehuSubmitEvent) => void;
    'onkehu-error'?: (event: KehuErrorEvent) => void;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'kehu-survey': KehuJsxProps<KehuSurveyElement, KehuSurveyAttributes>;
      'kehu-feedback': KehuJsxProps<KehuFeedbackElement, KehuFeedbackAttributes>;
    }
  }
}
