import { describe, expect, it } from 'vitest';
import { checkParticipantDetails, participantFormValues } from './participant-join';

describe('checkParticipantDetails', () => {
	it('accepts a pseudonym and attendance alone, the optional fields becoming empty', () => {
		expect(checkParticipantDetails({ displayName: '  Kulturkatten ', attendance: 'remote' })).toEqual({
			ok: true,
			details: { displayName: 'Kulturkatten', organisation: '', sectorCode: null, municipalityCode: null, attendance: 'remote' }
		});
	});

	it('keeps organisation, sector and municipality as given', () => {
		const checked = checkParticipantDetails({
			displayName: 'Åsa Lind',
			organisation: 'Region Västerbotten',
			sectorCode: 'region',
			municipalityCode: '2480',
			attendance: 'on_site'
		});
		expect(checked).toEqual({
			ok: true,
			details: {
				displayName: 'Åsa Lind',
				organisation: 'Region Västerbotten',
				sectorCode: 'region',
				municipalityCode: '2480',
				attendance: 'on_site'
			}
		});
	});

	it('treats empty selects (form) and nulls (JSON) as not given', () => {
		const checked = checkParticipantDetails({ displayName: 'Bo', organisation: null, sectorCode: '', municipalityCode: null, attendance: 'remote' });
		expect(checked).toMatchObject({ ok: true, details: { organisation: '', sectorCode: null, municipalityCode: null } });
	});

	it('asks for a name and for on site / remote when they are missing or blank', () => {
		expect(checkParticipantDetails({ displayName: ' \n ', attendance: '' })).toEqual({
			ok: false,
			problems: { displayName: 'REQUIRED', attendance: 'REQUIRED' }
		});
		expect(checkParticipantDetails({})).toEqual({ ok: false, problems: { displayName: 'REQUIRED', attendance: 'REQUIRED' } });
		expect(checkParticipantDetails('not an object')).toEqual({ ok: false, problems: { displayName: 'REQUIRED', attendance: 'REQUIRED' } });
	});

	it('counts characters as people do, so 60 emoji fit in a name and 61 do not', () => {
		expect(checkParticipantDetails({ displayName: '👋'.repeat(60), attendance: 'remote' }).ok).toBe(true);
		expect(checkParticipantDetails({ displayName: '👋'.repeat(61), attendance: 'remote' })).toEqual({
			ok: false,
			problems: { displayName: 'TOO_LONG' }
		});
		expect(checkParticipantDetails({ displayName: 'Bo', organisation: 'x'.repeat(121), attendance: 'remote' })).toEqual({
			ok: false,
			problems: { organisation: 'TOO_LONG' }
		});
	});

	it('joins line breaks into spaces and refuses other control characters', () => {
		expect(checkParticipantDetails({ displayName: 'Anna\nSvensson', attendance: 'remote' })).toMatchObject({
			ok: true,
			details: { displayName: 'Anna Svensson' }
		});
		expect(checkParticipantDetails({ displayName: 'Anna\u0000', attendance: 'remote' })).toEqual({
			ok: false,
			problems: { displayName: 'INVALID' }
		});
	});

	it('refuses an attendance other than on site or remote, and codes that cannot be in a list', () => {
		expect(checkParticipantDetails({ displayName: 'Bo', attendance: 'hybrid', sectorCode: '<script>', municipalityCode: 2480 })).toEqual({
			ok: false,
			problems: { attendance: 'INVALID', sectorCode: 'UNKNOWN', municipalityCode: 'INVALID' }
		});
	});
});

describe('participantFormValues', () => {
	it('reads every field of the join form, missing ones as empty', () => {
		const form = new FormData();
		form.set('displayName', 'Bo');
		form.set('attendance', 'remote');
		expect(participantFormValues(form)).toEqual({
			displayName: 'Bo',
			organisation: '',
			sectorCode: '',
			municipalityCode: '',
			attendance: 'remote'
		});
	});
});
