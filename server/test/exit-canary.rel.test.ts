import { expect, it } from 'vitest';

// Run only by scripts/test-all.sh with QUNHUB_EXIT_CANARY=1, which expects this run to exit non-zero: it proves a
// failing reliability test fails the command.
it('fails on purpose', () => {
  expect(process.env.QUNHUB_EXIT_CANARY).toBe('this assertion fails');
});
