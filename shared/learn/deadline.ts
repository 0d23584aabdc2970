// How long learn mode runs when no deadline is given: the socket is open meanwhile, so it never stays on by forgetting.

/** Minutes learn mode runs when started without a deadline (the API's `minutes` absent, or a bare `--learn`). */
export const DEFAULT_LEARN_MINUTES = 15;
