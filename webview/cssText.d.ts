// The build loads stylesheets as text (esbuild's text loader) for the page's constructed stylesheet.
declare module "*.css" {
  const text: string;
  export default text;
}
