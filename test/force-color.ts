// Imported first by UI tests: chalk decides its colour level when it loads, and under the
// test runner stdout is not a terminal. With colours forced on, a test can tell that
// `color={false}` (NO_COLOR) really leaves them out.
process.env.FORCE_COLOR = '1';
