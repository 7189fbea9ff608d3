/** Side-effect imports of stylesheets are bundled by Vite. */
declare module '*.css';
