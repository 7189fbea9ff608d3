/**
 * AG Grid without its React renderer, for the payments grid: the grid draws its rows and cells
 * with the DOM itself (createGrid), and React renders only the cell editors (reactEditor).
 *
 * Why: AG Grid React makes every cell a React component. Opening the ledger draws ~35 rows ×
 * 19 columns, and those ~660 components cost ~80 ms of the open on this machine (a page with
 * the same grid, columns and rows: ~430–450 ms with AG Grid React, ~365 ms with createGrid).
 *
 * Options are the grid's own (GridOptions): given once when the grid is made, and each one
 * whose value changes (by identity) between renders is handed over with setGridOption.
 */
import { createGrid, type GridApi, type GridOptions, type ICellEditorComp, type ICellEditorParams, type ManagedGridOptionKey } from 'ag-grid-community';
import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useLayoutEffect, useRef, type ComponentType } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';

export function VanillaGrid<T>(props: GridOptions<T>) {
  const host = useRef<HTMLDivElement>(null);
  const api = useRef<GridApi<T> | null>(null);
  const given = useRef<GridOptions<T>>(props);
  useLayoutEffect(() => {
    const made = createGrid<T>(host.current!, { ...given.current });
    api.current = made;
    return () => {
      api.current = null;
      made.destroy();
    };
  }, []);
  useEffect(() => {
    const grid = api.current;
    const before = given.current;
    given.current = props;
    if (!grid || before === props) return;
    for (const key of Object.keys(props) as ManagedGridOptionKey[]) {
      if (props[key] !== before[key]) grid.setGridOption(key, props[key] as never);
    }
  });
  return <div ref={host} style={{ width: '100%', height: '100%' }} />;
}

/**
 * An open editor of reactEditor told that its cell's stored value changed under it (the row was updated while it was
 * open): the editor gets the new value as its `value` prop (`initialValue` stays the one it opened on). TextEditor shows
 * it while the clerk has typed nothing in it.
 */
export interface ShowsStoredValue {
  showStoredValue(value: unknown): void;
}

/**
 * A React cell editor for a grid made with createGrid: the editor component gets the props
 * AG Grid React gives it (CustomCellEditorProps: the value, eventKey, onValueChange, stopEditing
 * …) and is rendered, synchronously, once its element is in the page (afterGuiAttached), so that
 * it can take focus as it mounts. The grid reads the value it last reported.
 */
export function reactEditor<T, V>(Editor: ComponentType<CustomCellEditorProps<T, V>>): new () => ICellEditorComp<T> & ShowsStoredValue {
  return class ReactCellEditor implements ICellEditorComp<T>, ShowsStoredValue {
    private readonly gui = document.createElement('div');
    private root: Root | null = null;
    private params!: ICellEditorParams<T>;
    private value: V | null | undefined;
    private render: (() => void) | null = null;

    init(params: ICellEditorParams<T>): void {
      this.params = params;
      this.value = params.value as V | null | undefined;
      this.gui.className = 'react-cell-editor';
      this.gui.style.height = '100%';
    }

    getGui(): HTMLElement {
      return this.gui;
    }

    afterGuiAttached(): void {
      if (this.root) return;
      // The cell under a popup editor shows nothing while it is open (see styles.css).
      if (this.params.colDef.cellEditorPopup) this.params.eGridCell.classList.add('cell-under-popup-editor');
      this.root = createRoot(this.gui);
      const initialValue = this.params.value as V | null | undefined;
      const onValueChange = (value: V | null | undefined) => {
        this.value = value;
      };
      this.render = () => {
        const props = { ...this.params, value: this.params.value as V | null | undefined, initialValue, onValueChange } as unknown as CustomCellEditorProps<T, V>;
        flushSync(() => this.root!.render(<Editor {...props} />));
      };
      this.render();
    }

    showStoredValue(value: unknown): void {
      this.params = { ...this.params, value };
      if (this.root) this.render?.();
    }

    getValue(): V | null | undefined {
      return this.value;
    }

    destroy(): void {
      this.params.eGridCell.classList.remove('cell-under-popup-editor');
      const root = this.root;
      this.root = null;
      this.render = null;
      // Not inside a React render (a grid event may come from one): after the current task's work.
      if (root) queueMicrotask(() => root.unmount());
    }
  };
}
