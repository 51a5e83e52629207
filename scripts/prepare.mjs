// npm runs this after every install: compile the message catalogue and SvelteKit's types. A
// production install (`npm ci --omit=dev`) has neither compiler and needs neither: the build has both.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/@inlang/paraglide-js') || !existsSync('node_modules/@sveltejs/kit')) {
	console.log('Production install: the message catalogue and types come with the build.');
} else {
	execSync('paraglide-js compile --project ./project.inlang --outdir ./src/lib/paraglide && svelte-kit sync', {
		stdio: 'inherit'
	});
}
