import { execFileSync } from "node:child_process";

/** Runs git in `cwd` with a throwaway identity and no signing; returns its trimmed output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" }).trim();
}

/** A one-container Pod, privileged or not: the manifest the scope and channel tests change and fix. */
export const pod = (name: string, privileged: boolean, namespace?: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ""}spec:
  containers:
    - name: app
      image: nginx:1.27.3
      securityContext:
        privileged: ${privileged}
`;
