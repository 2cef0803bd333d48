/** Vite's `?url` imports (see ort-files.ts). */
declare module '*?url&no-inline' {
  const url: string;
  export default url;
}
