/** The active values of some code lists, for dropdowns (retired values are not offered for new entries). */
import { useEffect, useState } from 'react';
import type { CodeListName } from '../../../shared/domain/codes.ts';
import { call } from '../api/client.ts';
import { useApp } from '../state.tsx';

export function useCodes<L extends CodeListName>(lists: readonly L[]): Record<L, string[]> {
  const { generation } = useApp();
  const key = lists.join(',');
  const [values, setValues] = useState<Record<L, string[]>>(() => Object.fromEntries(lists.map((l) => [l, []])) as unknown as Record<L, string[]>);
  useEffect(() => {
    let live = true;
    call('codes.list', {})
      .then((all) => {
        if (!live) return;
        const out = Object.fromEntries(key.split(',').map((l) => [l, all.filter((c) => c.list === l && !c.retired).map((c) => c.value)]));
        setValues(out as Record<L, string[]>);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key, generation]);
  return values;
}
