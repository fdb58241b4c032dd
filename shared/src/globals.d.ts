// shared/ compiles without DOM or Node types so that nothing environment-specific slips in.
// These are the only web-standard globals it may use; every JavaScript runtime Kehu targets
// (browsers, service workers, Node ≥ 22) provides them. None of them performs I/O.

interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
interface TextDecodeOptions {
  stream?: boolean;
}
declare class TextDecoder {
  constructor(label?: string, options?: TextDecoderOptions);
  readonly encoding: string;
  decode(input?: Uint8Array, options?: TextDecodeOptions): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

// Used only to convert internationalised domain names to punycode (the WHATWG URL parser does IDNA).
declare class URL {
  constructor(url: string, base?: string);
  readonly hostname: string;
  readonly protocol: string;
  readonly href: string;
}
