using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Pages of a recommendation feed ("load more", infinite scroll): a request that names the slate id of an earlier
/// page (<c>after=</c>) gets a slate that leaves out every item the feed has shown the shopper so far, and its own
/// slate id continues the same feed. A feed's pages share its first slate id as a prefix (<c>sl_…</c>, then
/// <c>sl_….…</c>), so what a feed has shown is read back from the impression log by the shopper's index, whichever
/// server served its pages and across restarts, together with the pages this process has served and not yet written.
/// </summary>
public sealed class FeedPages(IImpressionLog log, IOptions<PenchantServerOptions> options, TimeProvider time)
{
    /// <summary>The most items one feed pages through; a feed that has shown this many must start again.</summary>
    public const int MaxShown = 1_000;

    /// <summary>The most of a shopper's newest impressions a page reads back from the log.</summary>
    internal const int ReadImpressions = 10 * MaxShown;

    /// <summary>Feeds remembered in memory at once; the least recently used go first (the log still holds them).</summary>
    internal const int Remembered = 20_000;

    private const string Prefix = "sl_";

    private readonly ConcurrentDictionary<string, Feed> _feeds = new(StringComparer.Ordinal);

    /// <summary>Feeds held in memory.</summary>
    public int Count => _feeds.Count;

    /// <summary>A fresh slate id: a new feed's first page, or the next page of <paramref name="feed"/>.</summary>
    /// <param name="feed">The feed continued, or null for a new one.</param>
    /// <returns>The slate id.</returns>
    public static string NewSlateId(string? feed) =>
        feed is null
            ? Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10))
            : feed + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>The feed a slate id belongs to (its first page's id), or null when it is not a slate id this server issues.</summary>
    /// <param name="slateId">A slate id as a caller sent it.</param>
    /// <returns>The feed id, or null.</returns>
    public static string? FeedOf(string? slateId)
    {
        if (slateId is null)
        {
            return null;
        }

        var dot = slateId.IndexOf('.', StringComparison.Ordinal);
        var feed = dot < 0 ? slateId : slateId[..dot];
        var page = dot < 0 ? "" : slateId[(dot + 1)..];
        return feed.Length == Prefix.Length + 20 && feed.StartsWith(Prefix, StringComparison.Ordinal) && IsHex(feed.AsSpan(Prefix.Length))
            && (dot < 0 || (page.Length == 8 && IsHex(page)))
            ? feed
            : null;
    }

    /// <summary>Notes a served page of <paramref name="user"/>'s feed.</summary>
    /// <param name="user">The shopper as stored.</param>
    /// <param name="slateId">The page's slate id.</param>
    /// <param name="items">The items it showed.</param>
    public void Record(string user, string slateId, IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(items);
        if (FeedOf(slateId) is not { } id)
        {
            throw new ArgumentException($"'{slateId}' is not a slate id.", nameof(slateId));
        }

        var now = time.GetUtcNow();
        var feed = _feeds.GetOrAdd(id, static (_, u) => new Feed(u), user);
        lock (feed)
        {
            if (feed.User != user)
            {
                return;
            }

            feed.Shown.UnionWith(items);
            feed.Touched = now.UtcTicks;
        }

        if (_feeds.Count > Remembered)
        {
            Trim(now);
        }
    }

    /// <summary>
    /// Everything <paramref name="user"/>'s feed has shown them within <see cref="PenchantServerOptions.FeedWindow"/>, up
    /// to and including the page <paramref name="slateId"/> and any page served since: what the next page leaves out.
    /// </summary>
    /// <param name="user">The shopper as stored.</param>
    /// <param name="slateId">The slate id of a page of the feed, as the caller sent it.</param>
    /// <param name="cancellation">Cancels the read of the log.</param>
    /// <returns>The feed id and the items shown, or null when no such page was served to this shopper in the window.</returns>
    public async Task<(string Feed, IReadOnlySet<string> Shown)?> ShownAsync(string user, string slateId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (FeedOf(slateId) is not { } id)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var since = now - options.Value.FeedWindow;
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var known = false;
        if (_feeds.TryGetValue(id, out var feed))
        {
            lock (feed)
            {
                if (feed.User == user && feed.Touched >= since.UtcTicks)
                {
                    shown.UnionWith(feed.Shown);
                    known = true;
                }
            }
        }

        // Pages served by other servers, or before a restart: among the shopper's newest impressions, which bounds the
        // read for a shopper shown a great deal (a feed's own pages hold at most MaxShown).
        foreach (var impression in await log.GetUserImpressionsAsync(user, since, ReadImpressions, cancellation))
        {
            if (FeedOf(impression.SlateId) == id)
            {
                shown.Add(impression.ItemId);
                known = true;
            }
        }

        return known ? (id, shown) : null;
    }

    /// <summary>Forgets every feed of a shopper (erasure).</summary>
    /// <param name="user">The shopper as stored.</param>
    /// <returns>Whether any was held.</returns>
    public bool Forget(string user)
    {
        var removed = false;
        foreach (var (id, feed) in _feeds)
        {
            if (feed.User == user && _feeds.TryRemove(id, out _))
            {
                removed = true;
            }
        }

        return removed;
    }

    private void Trim(DateTimeOffset now)
    {
        var since = now - options.Value.FeedWindow;
        var byAge = _feeds.Select(static f => (f.Key, Touched: Volatile.Read(ref f.Value.Touched))).OrderBy(static f => f.Touched).ToList();
        var excess = byAge.Count - (Remembered * 9 / 10);
        foreach (var (id, touched) in byAge)
        {
            if (touched >= since.UtcTicks && excess <= 0)
            {
                break;
            }

            if (_feeds.TryRemove(id, out _))
            {
                excess--;
            }
        }
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Feed(string user)
    {
        public string User { get; } = user;

        public HashSet<string> Shown { get; } = new(StringComparer.Ordinal);

        /// <summary>When a page was last served, in UTC ticks (a long, so that a read outside the lock is whole).</summary>
        public long Touched;
    }
}
