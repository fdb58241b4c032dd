// Constants the build replaces (extension/wxt.config.ts).

/** True only in the test build (KEHU_TEST_BUILD=1, dist/extension-test): badges open for tests. */
declare const __KEHU_TEST_BUILD__: boolean;
