/** Why a join code led nowhere; the UI turns it into a sentence. */
export type JoinProblem =
	| { reason: 'empty' | 'format' }
	| { reason: 'not_found'; code: string }
	| { reason: 'throttled'; retryAfterSeconds: number };
