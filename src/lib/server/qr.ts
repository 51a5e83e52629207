import QRCode from 'qrcode';

/**
 * A QR code of `url` as an SVG document (no scripts, no external references), for the page and for
 * printing. Error correction M survives a smudged printout or a glare on the projector.
 */
export function qrSvg(url: string): Promise<string> {
	return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
