import { describe, expect, it } from 'vitest';
import { cleanIdText, parseResidentId } from '../../shared/domain/residentId.ts';
import { storedIdNumber } from '../../electron/core/services/people.ts';

/** What storedIdNumber gave before its shortcut for IDs already clean: clean, parse, keep the upgrade or the cleaned text. */
function reference(raw: string): string | null {
  const cleaned = cleanIdText(raw);
  if (cleaned === '') return null;
  const info = parseResidentId(cleaned);
  return info.fromFifteen || info.valid ? info.normalized : cleaned;
}

describe('storedIdNumber', () => {
  it('stores clean 18-character IDs as they are (valid, bad checksum, bad date, X) and cleans or upgrades the rest as before', () => {
    const ids = [
      '530424196706142929', '53042419670614292X', '530424196706142920', '530424199913452929', '110101190001010000',
      '53042419670614292x', ' 530424 1967 0614 2929 ', '５３０４２４１９６７０６１４２９２９', '530424670614292', '5304241967061429', '5.30424E+17', '',
    ];
    for (const id of ids) expect(storedIdNumber(id), id).toBe(reference(id));
    expect(storedIdNumber(null)).toBeNull();
  });
});
