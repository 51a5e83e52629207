import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		typescript: {
			// The realtime server, benchmarks and e2e config are type-checked with the app.
			config: (tsconfig) => {
				tsconfig.include.push('../server/**/*.ts', '../bench/**/*.ts', '../playwright.config.ts');
			}
		},
		// The origin check for every state-changing request is in hooks.server.ts (all content
		// types, a JSON problem body under /api); SvelteKit's form-only check hands over to it.
		csrf: { trustedOrigins: ['*'] },
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'connect-src': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
