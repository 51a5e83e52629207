import { m } from '../../paraglide/messages';

/** The follow-up URL of a meeting: the join link's address leads there once the meeting is closed. */
export function followUpUrl(origin: string, joinCode: string): string {
	return `${origin.replace(/\/$/, '')}/follow-up/${joinCode}`;
}

/**
 * The notification of a publication, in Swedish and then English (the address was given without a
 * language): the theme and the link to the public follow-up page, nothing about the recipient.
 */
export function publicationMail(themeTitle: string, url: string): { subject: string; body: string } {
	const sv = { locale: 'sv' as const };
	const en = { locale: 'en' as const };
	return {
		subject: m.fu_mail_subject({ theme: themeTitle }, sv),
		body: [
			m.fu_mail_body({ theme: themeTitle, url }, sv),
			'',
			'—',
			'',
			m.fu_mail_body({ theme: themeTitle, url }, en),
			'',
			m.fu_mail_footer({}, sv),
			m.fu_mail_footer({}, en)
		].join('\n')
	};
}
