/** OpenCC's character tables as opencc-js ships them: "字 形1 形2|字 形…" (no types of their own). */
declare module 'opencc-js/dict/*' {
  const table: string;
  export default table;
}
