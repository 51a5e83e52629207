import type { Participation } from '../theme-input/schema';
import type { PriorityFollowUp } from './status';

// What the public follow-up page shows of a meeting (built in $lib/server/follow-up/page.ts).

export interface FollowUpIdea {
	text: string;
	votes: number;
	mine: boolean;
}

export interface FollowUpPriority {
	rank: number;
	title: string;
	isTop: boolean;
	rationale: string;
	votes: number;
	followUp: PriorityFollowUp | null;
	ideas: FollowUpIdea[];
}

export interface FollowUpPage {
	meeting: { themeTitle: string; startsAt: string | null; closedAt: string | null };
	process: { id: string; title: string };
	publishedAt: string | null;
	priorities: FollowUpPriority[];
	/** Ideas not in a priority (other clusters, unclustered). */
	otherIdeas: FollowUpIdea[];
	participation: Participation;
	threshold: number;
	/** How many of the ideas are the reader's own. */
	mine: number;
}
