#!/usr/bin/env node
// Fails when a package of ours depends on one it must not (see ARCHITECTURE.md, "The shape"):
// core imports no package of ours; a layer-2 package imports core only; layer 3 (cli, dashboard,
// examples) may import anything. Checks package.json dependencies and every import in src/.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const scope = "@undercurrent/";
const layerThreePackages = new Set(["@undercurrent/cli", "@undercurrent/dashboard"]);

/** @typedef {{ name: string, directory: string, layer: 1 | 2 | 3 }} WorkspacePackage */
/** @typedef {{ package: string, file: string, message: string }} Violation */

/** @param {string} directory @returns {string[]} */
function listFiles(directory) {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    if (entry === "node_modules" || entry === "dist") return [];
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** @param {string} root @returns {WorkspacePackage[]} */
export function listWorkspacePackages(root) {
  /** @type {WorkspacePackage[]} */
  const found = [];
  for (const group of ["packages", "examples"]) {
    const groupDirectory = path.join(root, group);
    if (!existsSync(groupDirectory)) continue;
    for (const entry of readdirSync(groupDirectory)) {
      const manifest = path.join(groupDirectory, entry, "package.json");
      if (!existsSync(manifest)) continue;
      const { name } = JSON.parse(readFileSync(manifest, "utf8"));
      /** @type {1 | 2 | 3} */
      const layer = name === "@undercurrent/core" ? 1 : group === "examples" || layerThreePackages.has(name) ? 3 : 2;
      found.push({ name, directory: path.join(groupDirectory, entry), layer });
    }
  }
  return found;
}

const importPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;

/** @param {string} source @returns {string[]} */
export function importSpecifiers(source) {
  return [...source.matchAll(importPattern)].map((match) => /** @type {string} */ (match[1]));
}

/** @param {string} specifier */
const packageNameOf = (specifier) => specifier.split("/").slice(0, 2).join("/");

/**
 * @param {WorkspacePackage} from
 * @param {string} target a package name of ours
 * @returns {string | undefined} why it is not allowed
 */
function forbidden(from, target) {
  if (target === from.name) return undefined;
  if (from.layer === 1) return `core must not depend on ${target}`;
  if (from.layer === 2 && target !== "@undercurrent/core")
    return `layer-2 package ${from.name} must not depend on ${target} (ask for a core contract instead)`;
  return undefined;
}

/** @param {string} root @returns {Violation[]} */
export function checkDependencyDirection(root) {
  const packages = listWorkspacePackages(root);
  /** @type {Violation[]} */
  const violations = [];
  for (const workspacePackage of packages) {
    const manifestPath = path.join(workspacePackage.directory, "package.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    for (const field of ["dependencies", "peerDependencies", "devDependencies", "optionalDependencies"]) {
      for (const dependency of Object.keys(manifest[field] ?? {})) {
        if (!dependency.startsWith(scope)) continue;
        const reason = forbidden(workspacePackage, dependency);
        if (reason)
          violations.push({ package: workspacePackage.name, file: path.relative(root, manifestPath), message: `${field}: ${reason}` });
      }
    }
    const sourceDirectory = path.join(workspacePackage.directory, "src");
    for (const file of listFiles(sourceDirectory).filter((name) => /\.(?:[cm]?[jt]sx?)$/.test(name))) {
      const text = readFileSync(file, "utf8");
      for (const specifier of importSpecifiers(text)) {
        if (specifier.startsWith(scope)) {
          const reason = forbidden(workspacePackage, packageNameOf(specifier));
          if (reason)
            violations.push({
              package: workspacePackage.name,
              file: path.relative(root, file),
              message: `imports "${specifier}": ${reason}`,
            });
        } else if (specifier.startsWith(".")) {
          const resolved = path.resolve(path.dirname(file), specifier);
          if (!resolved.startsWith(workspacePackage.directory + path.sep)) {
            violations.push({
              package: workspacePackage.name,
              file: path.relative(root, file),
              message: `imports "${specifier}", which reaches outside the package; import the package by name`,
            });
          }
        }
      }
    }
  }
  return violations;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));
  const violations = checkDependencyDirection(root);
  const checked = listWorkspacePackages(root).length;
  if (violations.length === 0) {
    console.log(`dependency direction: ${checked} packages checked, no violations`);
  } else {
    for (const violation of violations) console.error(`${violation.file}: ${violation.message}`);
    console.error(`dependency direction: ${violations.length} violation(s) in ${checked} packages`);
    process.exitCode = 1;
  }
}
