/** The formatters: a LintResult in, the text of one output format out. They never decide what a finding is. */
import type { LintResult } from "../engine/types.js";
import { formatGithub } from "./github.js";
import type { GithubOptions } from "./github.js";
import { formatJson, formatJsonChunks } from "./json.js";
import { formatMarkdown } from "./markdown.js";
import type { MarkdownOptions } from "./markdown.js";
import { formatSarif } from "./sarif.js";
import type { SarifOptions } from "./sarif.js";
import { formatStylish } from "./stylish.js";
import type { StylishOptions } from "./stylish.js";

export type FormatName = "stylish" | "json" | "sarif" | "github" | "markdown";
export const FORMAT_NAMES: readonly FormatName[] = ["stylish", "json", "sarif", "github", "markdown"];

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** The options of every format; each formatter reads only its own. */
export interface FormatOptions extends StylishOptions, GithubOptions, MarkdownOptions {
  /** SARIF `automationDetails.id` (`--sarif-category`). Default `shipshape/`. */
  sarifCategory?: string;
  /** SARIF limits, for tests; default GitHub's. */
  sarifMaxResults?: number;
  sarifMaxGzipBytes?: number;
}

export function formatResult(name: FormatName, result: LintResult, options: FormatOptions = {}): string {
  switch (name) {
    case "stylish":
      return formatStylish(result, options);
    case "json":
      return formatJson(result);
    case "sarif": {
      const sarif: SarifOptions = {};
      if (options.sarifCategory !== undefined) sarif.category = options.sarifCategory;
      if (options.sarifMaxResults !== undefined) sarif.maxResults = options.sarifMaxResults;
      if (options.sarifMaxGzipBytes !== undefined) sarif.maxGzipBytes = options.sarifMaxGzipBytes;
      return formatSarif(result, sarif);
    }
    case "github":
      return formatGithub(result, options);
    case "markdown":
      return formatMarkdown(result, options);
  }
}

/**
 * The text of {@link formatResult} in pieces, to be written one after the other: a large JSON report
 * is never held as one string. The other formats come as one piece.
 */
export function formatResultChunks(name: FormatName, result: LintResult, options: FormatOptions = {}): Iterable<string> {
  return name === "json" ? formatJsonChunks(result) : [formatResult(name, result, options)];
}

export { formatGithub, formatJson, formatJsonChunks, formatMarkdown, formatSarif, formatStylish };
export type { GithubOptions, MarkdownOptions, SarifOptions, StylishOptions };
export { toJsonReport } from "./json.js";
export type { JsonReport } from "./json.js";
export { toSarif } from "./sarif.js";
