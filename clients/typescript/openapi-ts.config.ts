// @hey-api/openapi-ts settings for the generated half of the SDK: `npm run generate`
// writes src/generated (PROCURA_GENERATE_OUT names another directory, for the stale check
// of tests/api/external.rs). Never edit the generated code by hand.
export default {
  input: '../../openapi.yaml',
  output: { path: process.env.PROCURA_GENERATE_OUT ?? 'src/generated', postProcess: [] },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
};
