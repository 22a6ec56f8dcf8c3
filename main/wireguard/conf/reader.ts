// The line reader behind parseWgQuickConf (parse.ts): sections, keys and
// values of a wg-quick file, each value validated as it is read.
import { AppError, invalidInput } from '../../../shared/errors';
import { problem, type Problem } from '../../../shared/problems';
import { err, ok, type Result } from '../../../shared/result';
import { quote, shown } from '../../../shared/validate/common';
import type { WgKey } from '../../../shared/validate/key';
import { parseConfText, type ConfText } from '../../../shared/validate/names';
import {
  emptyInterface,
  INTERFACE_KEYS,
  PEER_KEYS,
  trimConf,
  unique,
  type KeySpec,
  type PeerDraft,
} from './fields';
import { nameAbovePeer } from './peer-comment';
import type { ConfWarning, PeerSection, WgQuickConfig } from './types';

// `# Name = laptop` inside a [Peer] section. The name is left for the validator
// to trim (spaces and tabs only), so that any ConfText written here reads back
// the same. dotAll: a name may hold U+2028, which is no line break to wg-quick.
const NAME_COMMENT = /^[ \t]*name[ \t]*=(.*)$/is;

interface PeerState {
  /** Line of the [Peer] header. */
  readonly line: number;
  readonly draft: PeerDraft;
  /** Canonical key name → the line it was last set on. */
  readonly seen: Map<string, number>;
  /** The name came from a comment above the header: a `# Name =` inside replaces it quietly. */
  fromAbove: boolean;
}

type Section = 'none' | 'interface' | 'peer' | 'unknown';

/**
 * Reads a file line by line the way wg-quick's parse_options does: cut at the
 * first "#", trim, key up to the first "=", keys and section names compared
 * case-insensitively. Unlike wg-quick, it validates every value.
 */
export class ConfReader {
  readonly warnings: ConfWarning[] = [];
  readonly #iface = emptyInterface();
  readonly #ifaceSeen = new Map<string, number>();
  #ifaceLine: number | undefined;
  readonly #peers: PeerState[] = [];
  #section: Section = 'none';
  /** The comment lines directly above the current line (no blank line or key between). */
  #above: { readonly line: number; readonly text: string }[] = [];

  line(n: number, raw: string): AppError | undefined {
    const hash = raw.indexOf('#');
    const content = trimConf(hash < 0 ? raw : raw.slice(0, hash));
    if (content === '') {
      if (hash < 0) this.#above = [];
      else if (!this.#comment(n, raw.slice(hash + 1))) {
        this.#above.push({ line: n, text: raw.slice(hash + 1) });
      }
      return undefined;
    }
    const above = this.#above;
    this.#above = [];
    if (content.startsWith('[')) return this.#header(n, content, above);
    const eq = content.indexOf('=');
    if (eq < 0) {
      return invalidInput(
        `line ${n}`,
        'expected "Key = Value" or a [Section] header',
        problem('conf_syntax', { line: n }),
      );
    }
    const key = trimConf(content.slice(0, eq));
    const value = trimConf(content.slice(eq + 1));
    switch (this.#section) {
      case 'none': {
        // The key is the user's text: named in the field only when it is one we know.
        const known = INTERFACE_KEYS.get(key.toLowerCase()) ?? PEER_KEYS.get(key.toLowerCase());
        return invalidInput(
          known === undefined ? `line ${n}` : `line ${n}: ${known.name}`,
          `${quote(key)} comes before any [Interface] or [Peer] section header`,
          problem('conf_before_section', { line: n, key }),
        );
      }
      case 'unknown':
        return undefined; // covered by the warning about the section
      case 'interface':
        return this.#apply(
          n,
          key,
          value,
          INTERFACE_KEYS,
          this.#iface,
          this.#ifaceSeen,
          'Interface',
        );
      case 'peer': {
        const peer = this.#currentPeer();
        return this.#apply(n, key, value, PEER_KEYS, peer.draft, peer.seen, 'Peer');
      }
    }
  }

  finish(): Result<WgQuickConfig> {
    const peers: PeerSection[] = [];
    const firstLineOf = new Map<WgKey, number>();
    for (const { line, draft, seen } of this.#peers) {
      const { publicKey, allowedIps, ...rest } = draft;
      if (publicKey === undefined) {
        return err(
          invalidInput(
            `line ${line}: [Peer]`,
            'has no PublicKey',
            problem('conf_peer_no_key', { line }),
          ),
        );
      }
      const keyLine = seen.get('PublicKey') ?? line;
      const first = firstLineOf.get(publicKey);
      // wg would merge the two sections into one peer; which AllowedIPs win is
      // not something an administrator should have to guess.
      if (first !== undefined) {
        return err(
          invalidInput(
            `line ${keyLine}: PublicKey`,
            `is the same peer as on line ${first}`,
            problem('conf_duplicate_peer', { line: keyLine, first }),
          ),
        );
      }
      firstLineOf.set(publicKey, keyLine);
      peers.push({ ...rest, publicKey, allowedIps: unique(allowedIps) });
    }
    const iface = this.#iface;
    return ok({ interface: { ...iface, addresses: unique(iface.addresses) }, peers });
  }

  #warn(line: number, message: string, coded: Problem): void {
    this.warnings.push({ line, message, problem: coded });
  }

  #currentPeer(): PeerState {
    const peer = this.#peers[this.#peers.length - 1];
    if (peer === undefined) throw new AppError('Internal', 'in a [Peer] section with no peer');
    return peer;
  }

  #header(
    n: number,
    content: string,
    above: readonly { readonly line: number; readonly text: string }[],
  ): AppError | undefined {
    if (!content.endsWith(']')) {
      return invalidInput(
        `line ${n}`,
        'a section header must be alone on its line, like [Peer]',
        problem('conf_header_alone', { line: n }),
      );
    }
    const name = content.slice(1, -1).toLowerCase();
    if (name === 'interface') {
      if (this.#ifaceLine === undefined) this.#ifaceLine = n;
      else {
        this.#warn(
          n,
          `another [Interface] section (first on line ${this.#ifaceLine}); merged into it, as wg-quick does`,
          problem('conf_interface_again', { first: this.#ifaceLine }),
        );
      }
      this.#section = 'interface';
    } else if (name === 'peer') {
      const draft: PeerDraft = { allowedIps: [] };
      const named = this.#nameAbove(above);
      if (named !== undefined) draft.name = named;
      this.#peers.push({ line: n, draft, seen: new Map(), fromAbove: named !== undefined });
      this.#section = 'peer';
    } else {
      this.#warn(
        n,
        `unknown section ${quote(content)} ignored, with everything in it`,
        problem('conf_unknown_section', { section: shown(content) }),
      );
      this.#section = 'unknown';
    }
    return undefined;
  }

  #apply<D>(
    n: number,
    key: string,
    value: string,
    keys: ReadonlyMap<string, KeySpec<D>>,
    draft: D,
    seen: Map<string, number>,
    section: string,
  ): AppError | undefined {
    const spec = keys.get(key.toLowerCase());
    if (spec === undefined) {
      this.#warn(
        n,
        `unknown key ${quote(key)} in [${section}] ignored`,
        problem('conf_unknown_key', { key: shown(key), section }),
      );
      return undefined;
    }
    const before = seen.get(spec.name);
    if (before !== undefined && !spec.repeatable) {
      this.#warn(
        n,
        `${spec.name} was already set on line ${before}; the last value is used`,
        problem('conf_key_again', { key: spec.name, before }),
      );
    }
    seen.set(spec.name, n);
    const r = spec.apply(draft, value, `line ${n}: ${spec.name}`);
    if (!r.ok) return r.error;
    if (r.value !== undefined) this.#warn(n, r.value.message, r.value.problem);
    return undefined;
  }

  /**
   * A `# Name = …` comment inside a [Peer] section names that peer; says
   * whether the line was taken as one.
   */
  #comment(n: number, text: string): boolean {
    if (this.#section !== 'peer') return false;
    const m = NAME_COMMENT.exec(text);
    if (m === null) return false;
    // A comment is free text to wg: a bad name is dropped with a warning, not fatal.
    const name = parseConfText(m[1], `line ${n}: Name`);
    if (!name.ok) {
      this.#warn(n, `# Name comment ignored: ${name.error.message}`, problem('conf_name_bad', {}));
      return true;
    }
    const peer = this.#currentPeer();
    if (peer.draft.name !== undefined && !peer.fromAbove) {
      this.#warn(n, 'a second # Name comment; the last is used', problem('conf_name_twice', {}));
    }
    peer.draft.name = name.value;
    peer.fromAbove = false;
    return true;
  }

  /** The nearest comment above a [Peer] header that names it (wg-easy, PiVPN and the like). */
  #nameAbove(
    above: readonly { readonly line: number; readonly text: string }[],
  ): ConfText | undefined {
    for (let i = above.length - 1; i >= 0; i--) {
      const c = above[i];
      const found = c === undefined ? undefined : nameAbovePeer(c.text);
      if (c === undefined || found === undefined) continue;
      if (found === null) return undefined; // the end marker of the peer before: no name here
      const name = parseConfText(found, `line ${c.line}: Name`);
      if (name.ok) return name.value;
      this.#warn(
        c.line,
        `comment not used as a name: ${name.error.message}`,
        problem('conf_comment_not_name', {}),
      );
      return undefined;
    }
    return undefined;
  }
}
