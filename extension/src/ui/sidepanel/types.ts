// Types the side panel's tabs share.

/** Opening a complaint from a mail thread (a timeline row) switches to the cases tab with the form prefilled. */
export interface CaseSeed {
  interactionId: string;
  subject: string;
}
