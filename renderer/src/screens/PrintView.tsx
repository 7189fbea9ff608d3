/**
 * The print view of a 发放花名册: the same layout as the .xlsx (shared/forms), drawn
 * as HTML on A4 with the header rows repeated on every page. In the app it is
 * printed to PDF (Electron's printToPDF, page numbers in the footer); in a browser,
 * with the browser's own print.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormSheet } from '../../../shared/forms/layout.ts';
import { formSheetHtml } from '../../../shared/forms/html.ts';
import { call, platform } from '../api/client.ts';
import { useApp } from '../state.tsx';

/** The document's <style> and <body> parts, to draw it inside the app's page. */
function splitHtml(html: string): { css: string; body: string } {
  const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  const body = /<body[^>]*>([\s\S]*?)<\/body>/.exec(html)?.[1] ?? '';
  return { css, body };
}

export function PrintView() {
  const { t } = useTranslation();
  const { printRequest, setScreen, notify } = useApp();
  const [sheet, setSheet] = useState<FormSheet | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!printRequest) return;
    const { maskIds, filedOn, programId, paymentIds } = printRequest;
    call('export.rosterLayout', {
      maskIds,
      ...(filedOn ? { filedOn } : {}),
      ...(programId !== undefined ? { programId } : {}),
      ...(paymentIds !== undefined ? { paymentIds } : {}),
    })
      .then(setSheet)
      .catch((e: Error) => setError(e.message));
  }, [printRequest]);

  const parts = useMemo(() => (sheet ? splitHtml(formSheetHtml(sheet)) : null), [sheet]);
  const landscape = sheet?.print?.orientation !== 'portrait';

  async function toPdf() {
    try {
      const r = await call('print.pdf', { suggestedName: sheet?.name ?? t('export.roster'), landscape });
      if (r.path) notify('info', t('export.savedTo', { path: r.path }));
    } catch (e) {
      notify('error', (e as Error).message);
    }
  }

  return (
    <div className="print-view" data-testid="print-view">
      <style>{`@page { size: A4 ${landscape ? 'landscape' : 'portrait'}; margin: 12mm 10mm 14mm; } ${parts?.css ?? ''}`}</style>
      <div className="print-toolbar">
        <button type="button" onClick={() => setScreen('export')}>{t('print.back')}</button>
        <button type="button" onClick={() => window.print()} data-testid="print-button">{t('print.print')}</button>
        {platform() === 'electron' && <button type="button" className="primary" onClick={() => void toPdf()}>{t('print.pdf')}</button>}
        <span className="muted">{t('print.hint')}</span>
      </div>
      {error && <div className="banner-error" role="alert">{error}</div>}
      {parts && <div className="print-page" data-testid="print-page" dangerouslySetInnerHTML={{ __html: parts.body }} />}
    </div>
  );
}
