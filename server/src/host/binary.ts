/** PDF and Word files, which `check` imports in memory and `import` writes out (no importer is loaded with it). */
export const BINARY_EXT = /\.(pdf|docx)$/i;
