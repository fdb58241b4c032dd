// The API over extension messaging (@webext-core/messaging, by the WXT author: typed messages
// over runtime.sendMessage, errors carried back to the caller). The background serves; content
// scripts and pages call through `api` from client.ts.
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { MethodInput, MethodName, MethodOutput } from './methods.ts';

export type ProtocolMap = { [K in MethodName]: (input: MethodInput<K>) => MethodOutput<K> };

const quiet = { debug() {}, log() {}, warn() {}, error() {} };

export const messenger = defineExtensionMessaging<ProtocolMap>({ logger: quiet });
