/**
 * Checks request contents before tslab's handlers see them: tslab trusts its input, and a `code` that
 * is not a string or a `cursor_pos` out of range would throw deep inside the TypeScript service. A bad
 * request gets an error reply naming the field instead.
 */
import { BadRequest } from "./comms";

function field(content: Record<string, unknown>, key: string, type: "string" | "boolean", optional: boolean): void {
  const v = content[key];
  if (v === undefined && optional) return;
  if (typeof v !== type) throw new BadRequest(`${key} must be a ${type}, got ${v === null ? "null" : typeof v}`);
}

/** Throws {@link BadRequest} when the content of a request of `type` has wrong field types. */
export function checkRequest(type: string, content: Record<string, unknown>): void {
  switch (type) {
    case "execute_request":
      field(content, "code", "string", false);
      field(content, "silent", "boolean", true);
      field(content, "store_history", "boolean", true);
      return;
    case "is_complete_request":
      field(content, "code", "string", false);
      return;
    case "inspect_request":
    case "complete_request": {
      field(content, "code", "string", false);
      const pos = content.cursor_pos;
      const len = (content.code as string).length;
      if (typeof pos !== "number" || !Number.isInteger(pos) || pos < 0 || pos > len) {
        throw new BadRequest(`cursor_pos must be an integer in [0, ${len}], got ${JSON.stringify(pos) ?? "undefined"}`);
      }
      return;
    }
    case "shutdown_request":
      field(content, "restart", "boolean", true);
      return;
    default:
      return;
  }
}
