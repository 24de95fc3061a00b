/**
 * How long a test waits for something that should happen (a socket event, an acknowledgement, a
 * frame, an email, a settled state) before failing with what it waited for. Waits end as soon as
 * the thing happens, so this costs nothing when the code works; it only has to outlast a busy
 * machine. Measured on 2 cores at load 15-19 (other suites running beside): an app's start took up
 * to 20 s and a socket event under 5 s, so 20 s, well inside the test timeout (vitest.config.ts).
 */
export const WAIT_MS = 20_000;
