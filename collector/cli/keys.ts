// kehu keys site  --name NAME --origin ORIGIN [--origin ORIGIN …]   prints a site key
// kehu keys token --name NAME --scopes read,write,export,admin       prints a team token once
// kehu keys list                                                     site keys and tokens (never a token itself)
// kehu keys revoke site|token --name NAME
import { STORE_HELP, STORE_OPTIONS, UsageError, command, location, parse } from './args.ts';
import { jsonOf, withStore } from './store-client.ts';
import { help, t } from './text.ts';

const USAGE = () =>
  help({
    en: `usage:
  kehu keys site  --name NAME --origin ORIGIN [--origin ORIGIN …]   create a site key for the SDK
  kehu keys token --name NAME --scopes read,write,export,admin      create a team token (printed once)
  kehu keys list                                                    list site keys and tokens
  kehu keys revoke site|token --name NAME                           revoke one

  ORIGIN is a page origin such as https://shop.example, or https://*.shop.example for its subdomains.
  Scopes: read (pull changes), write (push changes, import), export (download files), admin (everything, keys).
${STORE_HELP}`,
    'zh-CN': `用法：
  kehu keys site  --name 名称 --origin 来源 [--origin 来源 …]        为 SDK 创建站点密钥
  kehu keys token --name 名称 --scopes read,write,export,admin       创建团队令牌（只显示一次）
  kehu keys list                                                    列出站点密钥和令牌
  kehu keys revoke site|token --name 名称                           吊销

  来源是网页的 origin，例如 https://shop.example；https://*.shop.example 表示其所有子域名。
  权限：read（拉取变更）、write（推送变更、导入）、export（下载文件）、admin（全部权限及密钥管理）。
  --data 目录           内置存储的目录（默认 KEHU_DATA，否则 ./.kehu/data）
  --database-url URL    改用 PostgreSQL（也读取 DATABASE_URL）`,
  });

interface SiteKeyAnswer {
  key: string;
  name: string;
  origins: string[];
  revokedAt: string | null;
  createdAt: string;
}
interface TokenAnswer {
  token?: string;
  name: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
}

export async function run(argv: string[]): Promise<number> {
  return command(USAGE(), async () => {
    const [sub, ...rest] = argv;
    if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
      console.log(USAGE());
      return sub ? 0 : 2;
    }
    const { values, positionals } = parse(
      rest,
      { ...STORE_OPTIONS, name: { type: 'string' }, origin: { type: 'string', multiple: true }, scopes: { type: 'string' } },
      sub === 'revoke',
    );
    if (values.help) {
      console.log(USAGE());
      return 0;
    }
    const where = location(values);
    const post = (body: unknown) => ({
      method: 'POST' as const,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    const needName = () => {
      if (!values.name) throw new UsageError('--name is required');
      return values.name;
    };

    switch (sub) {
      case 'site': {
        const name = needName();
        if (!values.origin?.length) throw new UsageError('give at least one --origin');
        const site = await withStore(where, async (call) =>
          jsonOf<SiteKeyAnswer>(await call('/v1/admin/sites', post({ name, origins: values.origin }))),
        );
        console.log(site.key);
        console.error(
          `${t('siteCreated', { name: site.name, origins: site.origins.join(', ') })}\n` +
            `  <kehu-survey kind="nps" site-key="${site.key}" endpoint="https://YOUR-COLLECTOR"></kehu-survey>`,
        );
        return 0;
      }
      case 'token': {
        const name = needName();
        if (!values.scopes) throw new UsageError('--scopes is required, e.g. --scopes read,write');
        const scopes = values.scopes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const created = await withStore(where, async (call) =>
          jsonOf<TokenAnswer>(await call('/v1/admin/tokens', post({ name, scopes }))),
        );
        console.log(created.token);
        console.error(t('tokenCreated', { name: created.name, scopes: created.scopes.join(',') }));
        return 0;
      }
      case 'list': {
        const keys = await withStore(where, async (call) =>
          jsonOf<{ sites: SiteKeyAnswer[]; tokens: TokenAnswer[] }>(await call('/v1/admin/keys')),
        );
        if (keys.sites.length === 0 && keys.tokens.length === 0) {
          console.log(t('noKeys'));
          return 0;
        }
        for (const s of keys.sites) {
          console.log(
            `site   ${s.name}\t${s.key}\t${s.origins.join(' ')}\tcreated ${s.createdAt}${s.revokedAt ? `\trevoked ${s.revokedAt}` : ''}`,
          );
        }
        for (const k of keys.tokens) {
          console.log(
            `token  ${k.name}\t${k.scopes.join(',')}\tcreated ${k.createdAt}${k.revokedAt ? `\trevoked ${k.revokedAt}` : ''}`,
          );
        }
        return 0;
      }
      case 'revoke': {
        const kind = positionals[0];
        if (kind !== 'site' && kind !== 'token')
          throw new UsageError('say what to revoke: kehu keys revoke site|token --name NAME');
        const name = needName();
        await withStore(where, async (call) =>
          jsonOf(
            await call(`/v1/admin/${kind === 'site' ? 'sites' : 'tokens'}/${encodeURIComponent(name)}`, { method: 'DELETE' }),
          ),
        );
        console.error(t('revoked', { kind: t(kind === 'site' ? 'siteKeyWord' : 'tokenWord'), name }));
        return 0;
      }
      default:
        throw new UsageError(`unknown keys command "${sub}"`);
    }
  });
}
