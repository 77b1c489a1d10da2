// Copies a copydesk binary into server/ so `npm run package` ships it in the .vsix.
// COPYDESK_SERVER=/path/to/copydesk npm run package   → a .vsix with the server inside
// npm run package                                     → a .vsix without (uses the setting or PATH)
import { chmodSync, copyFileSync, mkdirSync, rmSync } from "node:fs";

const src = process.env.COPYDESK_SERVER;
const exe = process.platform === "win32" ? "copydesk.exe" : "copydesk";
rmSync("server", { recursive: true, force: true });
if (src) {
  mkdirSync("server", { recursive: true });
  copyFileSync(src, `server/${exe}`);
  chmodSync(`server/${exe}`, 0o755);
  console.log(`bundled ${src} as server/${exe}`);
} else {
  console.log("no COPYDESK_SERVER: packaging without a bundled server");
}
