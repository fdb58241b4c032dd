import { LongText, ShortText } from './common.ts';

/**
 * The four-step key-customer process (domain.md §2) on the customer record. Step 2 (screen and
 * organise) is the data card and the tier itself; the others are what a rep writes down:
 * 1. collect: the industry's needs and the customer's business requirements;
 * 3. analyse: workload and deadlines, the contact person and their state of mind, long-term volume;
 * 4. a long-term plan: who contacts them, when, how — with follow-ups at the customer's cadence.
 */
export const KeyCustomerFields = {
  needs: LongText.optional(),
  requirements: LongText.optional(),
  workload: LongText.optional(),
  contactAnalysis: LongText.optional(),
  longTermVolume: LongText.optional(),
  planWho: ShortText.optional(),
  planWhen: ShortText.optional(),
  planHow: LongText.optional(),
};

export type KeyCustomerField = keyof typeof KeyCustomerFields;

/**
 * The interchange column of each key-customer field: exported after the customer's other columns
 * and read back on import, so the four steps survive a round trip through a spreadsheet.
 */
export const KEY_CUSTOMER_FIELD_COLUMNS: Record<KeyCustomerField, string> = {
  needs: 'needs',
  requirements: 'requirements',
  workload: 'workload',
  contactAnalysis: 'contact_analysis',
  longTermVolume: 'long_term_volume',
  planWho: 'plan_who',
  planWhen: 'plan_when',
  planHow: 'plan_how',
};

export const KEY_CUSTOMER_COLUMNS: readonly string[] = Object.values(KEY_CUSTOMER_FIELD_COLUMNS);
