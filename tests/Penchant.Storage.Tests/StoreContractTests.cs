using System.Globalization;
using Penchant.Core.Clustering;
using Penchant.Core.Data;

namespace Penchant.Storage.Tests;

/// <summary>
/// The contract every <see cref="IPenchantStore"/> passes. A backend's test class derives from this and supplies a
/// fresh, initialised, empty store per test; backend-specific tests sit beside it. The tests are skippable so that a
/// backend whose server is not configured can skip them from <see cref="CreateStoreAsync"/>.
/// </summary>
public abstract class StoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh, initialised, empty store.</summary>
    protected abstract Task<IPenchantStore> CreateStoreAsync();

    /// <summary>A second store over the same storage as the last <see cref="CreateStoreAsync"/> (after that one is disposed).</summary>
    protected abstract Task<IPenchantStore> ReopenStoreAsync();

    private static Item FullItem(string id) => new(
        id,
        "越野跑鞋 Trail shoe \"Ω\"",
        "Grip on wet rock; 防滑 😀\nsecond line",
        ["运动", "Running", "Trail shoes"],
        "Bränd",
        1234.56m,
        ["waterproof", "轻"],
        new Dictionary<string, string> { ["颜色"] = "红", ["size"] = "42" },
        "https://example.com/i/" + id + ".jpg",
        Available: false,
        CreatedAt: new DateTimeOffset(2023, 12, 31, 23, 59, 58, 123, TimeSpan.FromHours(8)));

    private static void AssertSameItem(Item expected, Item? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.CategoryPath, actual.CategoryPath);
        Assert.Equal(expected.Brand, actual.Brand);
        Assert.Equal(expected.Price, actual.Price);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Attributes?.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Attributes?.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.ImageUrl, actual.ImageUrl);
        Assert.Equal(expected.Available, actual.Available);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
    }

    private static Event Rating(string id, string user, string item, int minutes, double value = 4) =>
        new(id, user, item, EventType.Rating, T0.AddMinutes(minutes), value);

    [SkippableFact]
    public async Task An_event_of_no_known_type_is_refused_and_nothing_of_its_batch_is_stored()
    {
        await using var store = await CreateStoreAsync();
        Event[] batch = [Rating("ok", "u", "i", 0), new("bad", "u", "i", (EventType)999, T0)];
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.AppendEventsAsync(batch));
        Assert.Contains("'bad'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountEventsAsync());
    }

    [SkippableFact]
    public async Task Initialize_is_idempotent_and_keeps_a_positive_schema_version()
    {
        await using var store = await CreateStoreAsync();
        var version = await store.GetSchemaVersionAsync();
        Assert.True(version > 0);
        await store.InitializeAsync();
        Assert.Equal(version, await store.GetSchemaVersionAsync());
        Assert.Equal(0, await store.CountItemsAsync());
        Assert.Equal(0, await store.CountUsersAsync());
        Assert.Equal(0, await store.CountEventsAsync());
    }

    [SkippableFact]
    public async Task Item_round_trips_every_field_including_chinese_text()
    {
        await using var store = await CreateStoreAsync();
        var item = FullItem("商品-1");
        Assert.Equal(new WriteResult(1, 0), await store.UpsertItemsAsync([item]));
        AssertSameItem(item, await store.GetItemAsync("商品-1"));
    }

    [SkippableFact]
    public async Task Item_nulls_and_empty_lists_round_trip_as_they_were()
    {
        await using var store = await CreateStoreAsync();
        var bare = new Item("bare", "Bare");
        var empty = new Item("empty", "", CategoryPath: [], Tags: [], Attributes: new Dictionary<string, string>(), Price: 0m);
        await store.UpsertItemsAsync([bare, empty]);
        AssertSameItem(bare, await store.GetItemAsync("bare"));
        AssertSameItem(empty, await store.GetItemAsync("empty"));
        Assert.Null((await store.GetItemAsync("bare"))!.CategoryPath);
        Assert.NotNull((await store.GetItemAsync("empty"))!.CategoryPath);
        Assert.Null(await store.GetItemAsync("missing"));
    }

    [SkippableFact]
    public async Task Upserting_identical_items_counts_them_unchanged_and_changes_are_written()
    {
        await using var store = await CreateStoreAsync();
        Assert.Equal(new WriteResult(2, 0), await store.UpsertItemsAsync([FullItem("a"), FullItem("b")]));
        Assert.Equal(new WriteResult(0, 2), await store.UpsertItemsAsync([FullItem("a"), FullItem("b")]));
        var changed = FullItem("b") with { Price = 9.99m, Attributes = new Dictionary<string, string> { ["size"] = "42", ["颜色"] = "红" } };
        Assert.Equal(new WriteResult(1, 1), await store.UpsertItemsAsync([FullItem("a"), changed with { Price = 10m }]));
        Assert.Equal(10m, (await store.GetItemAsync("b"))!.Price);
        Assert.Equal(2, await store.CountItemsAsync());
        // Attribute order does not make an item different.
        var reordered = FullItem("a") with { Attributes = new Dictionary<string, string> { ["size"] = "42", ["颜色"] = "红" } };
        Assert.Equal(new WriteResult(0, 1), await store.UpsertItemsAsync([reordered]));
    }

    [SkippableFact]
    public async Task A_price_written_with_another_scale_is_a_change_and_keeps_its_scale()
    {
        await using var store = await CreateStoreAsync();
        await store.UpsertItemsAsync([new Item("p", "Priced", Price: 10m)]);
        Assert.Equal(new WriteResult(1, 0), await store.UpsertItemsAsync([new Item("p", "Priced", Price: 10.00m)]));
        Assert.Equal("10.00", (await store.GetItemAsync("p"))!.Price!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(new WriteResult(0, 1), await store.UpsertItemsAsync([new Item("p", "Priced", Price: 10.00m)]));
    }

    [SkippableFact]
    public async Task Deleting_an_item_removes_it_once()
    {
        await using var store = await CreateStoreAsync();
        await store.UpsertItemsAsync([FullItem("a"), FullItem("b")]);
        Assert.True(await store.DeleteItemAsync("a"));
        Assert.False(await store.DeleteItemAsync("a"));
        Assert.Null(await store.GetItemAsync("a"));
        Assert.NotNull(await store.GetItemAsync("b"));
        Assert.Equal(1, await store.CountItemsAsync());
    }

    [SkippableFact]
    public async Task Items_page_by_id_with_keyset_paging_and_stream_in_id_order()
    {
        await using var store = await CreateStoreAsync();
        var rng = new Random(7);
        var ids = Enumerable.Range(0, 25).Select(i => $"item-{i:D3}").OrderBy(_ => rng.Next()).ToList();
        foreach (var chunk in ids.Chunk(7))
        {
            await store.UpsertItemsAsync([.. chunk.Select(id => new Item(id, "title " + id))]);
        }

        var expected = ids.Order(StringComparer.Ordinal).ToList();
        var pages = new List<IReadOnlyList<Item>>();
        string? after = null;
        while (true)
        {
            var page = await store.ListItemsAsync(after, 10);
            if (page.Count == 0)
            {
                break;
            }

            pages.Add(page);
            after = page[^1].Id;
        }

        Assert.Equal([10, 10, 5], pages.Select(p => p.Count));
        Assert.Equal(expected, pages.SelectMany(p => p).Select(i => i.Id));
        Assert.Equal(expected, await ToListAsync(store.StreamItemsAsync(), i => i.Id));
        Assert.Equal(expected, await ToListAsync(store.StreamItemIdsAsync(), i => i));
        Assert.Equal(expected.Take(3), (await store.ListItemsAsync(null, 3)).Select(i => i.Id));
    }

    [SkippableFact]
    public async Task Users_round_trip_with_attributes_consent_and_nulls()
    {
        await using var store = await CreateStoreAsync();
        var full = new User("用户-7", new Dictionary<string, string> { ["地区"] = "上海", ["age"] = "35-44" }, new ConsentFlags(Personalization: false, Profiling: true));
        var bare = new User("bare");
        Assert.Equal(new WriteResult(2, 0), await store.UpsertUsersAsync([full, bare]));

        var back = await store.GetUserAsync("用户-7");
        Assert.NotNull(back);
        Assert.Equal(full.Attributes!.OrderBy(p => p.Key, StringComparer.Ordinal), back.Attributes!.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(full.Consent, back.Consent);
        var bareBack = await store.GetUserAsync("bare");
        Assert.NotNull(bareBack);
        Assert.Null(bareBack.Attributes);
        Assert.Null(bareBack.Consent);
        Assert.Null(await store.GetUserAsync("nobody"));

        Assert.Equal(new WriteResult(0, 2), await store.UpsertUsersAsync([full with { }, new User("bare")]));
        Assert.Equal(new WriteResult(1, 0), await store.UpsertUsersAsync([full with { Consent = ConsentFlags.Granted }]));
        Assert.Equal(ConsentFlags.Granted, (await store.GetUserAsync("用户-7"))!.Consent);
        Assert.Equal(["bare", "用户-7"], await ToListAsync(store.StreamUsersAsync(), u => u.Id));
        Assert.Equal(2, await store.CountUsersAsync());
    }

    [SkippableFact]
    public async Task Deleting_a_user_removes_the_row_but_not_the_events()
    {
        await using var store = await CreateStoreAsync();
        await store.UpsertUsersAsync([new User("u1"), new User("u2")]);
        await store.AppendEventsAsync([Rating("e1", "u1", "i1", 0)]);
        Assert.True(await store.DeleteUserAsync("u1"));
        Assert.False(await store.DeleteUserAsync("u1"));
        Assert.Null(await store.GetUserAsync("u1"));
        Assert.Equal(1, await store.CountUsersAsync());
        Assert.Single(await store.GetUserEventsAsync("u1", 10));
    }

    [SkippableFact]
    public async Task Events_round_trip_every_field_including_nulls_and_chinese_text()
    {
        await using var store = await CreateStoreAsync();
        var events = new[]
        {
            new Event("事件-1", "用户", "商品", EventType.Review, T0, 4.5, "很好用，推荐！ Great. 😀\n2nd line", "会话-1"),
            new Event("e-2", "用户", null, EventType.Search, T0.AddSeconds(1), null, "跑鞋 waterproof", null),
            new Event("e-3", "用户", "商品", EventType.Purchase, new DateTimeOffset(2024, 3, 1, 20, 0, 2, 250, TimeSpan.FromHours(8)), 2),
            new Event("e-4", "用户", "商品", EventType.Purchase, T0.AddSeconds(3), 1, Price: 1234.50m),
            new Event("e-5", "用户", "赠品", EventType.AddToCart, T0.AddSeconds(4), null, null, "会话-1", 0m),
        };
        Assert.Equal(new WriteResult(5, 0), await store.AppendEventsAsync(events));
        var back = await store.GetUserEventsAsync("用户", 10);
        Assert.Equal(events.Reverse(), back);
        Assert.Equal(events, await ToListAsync(store.StreamEventsAsync(), e => e));
        Assert.Equal(events.Skip(3), (await ToListAsync(store.StreamUserEventsSinceAsync(["用户"], T0.AddSeconds(3)), e => e)));
        Assert.Equal("1234.50", back[1].Price?.ToString(System.Globalization.CultureInfo.InvariantCulture)); // the scale as sent
        Assert.Equal(5, await store.CountEventsAsync());
    }

    [SkippableFact]
    public async Task A_few_shoppers_events_since_a_time_come_each_in_time_order_and_no_one_elses()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendEventsAsync(
        [
            Rating("a-late", "a", "i1", 30),
            Rating("a-early", "a", "i2", 0),
            Rating("a-tie-1", "a", "i3", 20),
            Rating("a-tie-2", "a", "i4", 20),
            Rating("b-late", "b", "i1", 10),
            Rating("c-late", "c", "i1", 30),
        ]);

        var since = T0.AddMinutes(10);
        var read = await ToListAsync(store.StreamUserEventsSinceAsync(["b", "a", "nobody", "a"], since), static e => e);
        var byUser = read.GroupBy(static e => e.UserId).ToDictionary(static g => g.Key, static g => g.Select(static e => e.EventId).ToArray());
        Assert.Equal(["a", "b"], byUser.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["a-tie-1", "a-tie-2", "a-late"], byUser["a"]); // a-early, before the cut-off, is out; ties keep their order
        Assert.Equal(["b-late"], byUser["b"]); // exactly at `since`: in
        Assert.Equal(4, read.Count);
        Assert.Equal(read.Where(static e => e.EventId == "a-late"), (await store.GetUserEventsAsync("a", 10)).Where(static e => e.EventId == "a-late"));
        Assert.Empty(await ToListAsync(store.StreamUserEventsSinceAsync([], T0), static e => e));
    }

    [SkippableFact]
    public async Task Times_keep_their_instant_to_the_microsecond_across_the_whole_range()
    {
        await using var store = await CreateStoreAsync();
        var times = new[]
        {
            DateTimeOffset.MinValue,
            new DateTimeOffset(1969, 12, 31, 18, 59, 59, TimeSpan.FromHours(-5)).AddTicks(1234567),
            new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.FromHours(8)).AddTicks(7654321),
            new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.FromHours(14)),
            DateTimeOffset.MaxValue,
        };
        await store.AppendEventsAsync([.. times.Select((t, i) => new Event($"t{i}", "u", "i", EventType.View, t))]);
        var back = await ToListAsync(store.StreamEventsAsync(), e => e.Timestamp);
        // Stored as whole microseconds since 1970 (a last fraction is dropped, toward 1970) and read back in UTC.
        var epoch = DateTimeOffset.UnixEpoch.UtcTicks;
        Assert.Equal(times.Select(t => new DateTimeOffset(epoch + ((t.UtcTicks - epoch) / 10 * 10), TimeSpan.Zero)), back);
        Assert.NotEqual(times[1], back[1]);
        Assert.All(back, static t => Assert.Equal(TimeSpan.Zero, t.Offset));
    }

    [SkippableFact]
    public async Task Appending_reports_each_event_stored_or_duplicate_in_order()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendEventsAsync([Rating("old", "u", "a", 0)]);
        var outcomes = await store.AppendEventsReportingEachAsync(
            [Rating("n1", "u", "a", 1), Rating("old", "u", "z", 2), Rating("n2", "v", "b", 3), Rating("n1", "u", "a", 1)]);
        Assert.Equal([AppendOutcome.Stored, AppendOutcome.Duplicate, AppendOutcome.Stored, AppendOutcome.Duplicate], outcomes);
        Assert.Empty(await store.AppendEventsReportingEachAsync([]));
        Assert.Equal(3, await store.CountEventsAsync());
        // The duplicate of an already stored id keeps the stored version.
        Assert.Equal("a", (await store.GetUserEventsAsync("u", 10)).Single(e => e.EventId == "old").ItemId);
    }

    [SkippableFact]
    public async Task Within_one_append_the_first_of_two_events_with_the_same_id_is_stored_even_for_another_user()
    {
        await using var store = await CreateStoreAsync();
        // "w" would come first if the rows were taken in user order; the given order decides.
        var outcomes = await store.AppendEventsReportingEachAsync(
            [Rating("x1", "z", "a", 5), Rating("x2", "w", "b", 4), Rating("x1", "w", "c", 3), Rating("x3", "z", "d", 2)]);
        Assert.Equal([AppendOutcome.Stored, AppendOutcome.Stored, AppendOutcome.Duplicate, AppendOutcome.Stored], outcomes);
        Assert.Equal("a", (await store.GetUserEventsAsync("z", 10)).Single(e => e.EventId == "x1").ItemId);
        Assert.DoesNotContain(await store.GetUserEventsAsync("w", 10), e => e.EventId == "x1");
    }

    [SkippableFact]
    public async Task A_users_events_at_the_same_time_stream_in_the_order_they_were_appended()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendEventsAsync([Rating("b1", "v", "a", 0), Rating("a1", "u", "b", 0), Rating("b2", "v", "c", 0), Rating("a2", "u", "d", 0), Rating("b3", "v", "e", 0)]);
        var streamed = new List<Event>();
        await foreach (var e in store.StreamEventsAsync())
        {
            streamed.Add(e);
        }

        Assert.Equal(["b1", "b2", "b3"], streamed.Where(static e => e.UserId == "v").Select(static e => e.EventId));
        Assert.Equal(["a1", "a2"], streamed.Where(static e => e.UserId == "u").Select(static e => e.EventId));
    }

    [SkippableFact]
    public async Task Duplicate_event_ids_are_counted_and_not_stored_twice()
    {
        await using var store = await CreateStoreAsync();
        Assert.Equal(new WriteResult(2, 0), await store.AppendEventsAsync([Rating("e1", "u", "a", 0), Rating("e2", "u", "b", 1)]));
        // A duplicate keeps the first version even when its fields differ.
        Assert.Equal(new WriteResult(1, 1), await store.AppendEventsAsync([Rating("e2", "u", "z", 5, 1), Rating("e3", "u", "c", 2)]));
        Assert.Equal(new WriteResult(1, 1), await store.AppendEventsAsync([Rating("e4", "v", "a", 3), Rating("e4", "v", "a", 3)]));
        Assert.Equal(new WriteResult(0, 0), await store.AppendEventsAsync([]));
        Assert.Equal(4, await store.CountEventsAsync());
        Assert.Equal("b", (await store.GetUserEventsAsync("u", 10)).Single(e => e.EventId == "e2").ItemId);
    }

    /// <summary>
    /// Distinct events in a batch that a store may write another way than small ones: PostgreSQL copies batches from
    /// <c>PostgresStore.CopyThreshold</c> (10,000) distinct ids up into a temporary table.
    /// </summary>
    protected const int LargeBatch = 12_000;

    /// <summary>
    /// <see cref="LargeBatch"/> new events <c>{prefix}{i}</c>, one a second from <paramref name="start"/>, of 101 users
    /// (one with a Chinese id) and 89 items, with nulls and text; after every tenth a later copy of an earlier id of the
    /// batch for "dup-user" and "dup-item", and now and then a copy of one of <paramref name="stored"/> for "late-user" and "late-item".
    /// </summary>
    protected static List<Event> LargeBatchWithDuplicates(string prefix, DateTimeOffset start, IReadOnlyList<Event> stored)
    {
        var batch = new List<Event>();
        for (var i = 0; i < LargeBatch; i++)
        {
            var search = i % 7 == 0;
            var purchase = !search && i % 11 == 0;
            batch.Add(new Event(
                $"{prefix}{i}",
                i % 101 == 100 ? "用户-100" : $"u{i % 101}",
                search ? null : $"i{i % 89}",
                search ? EventType.Search : purchase ? EventType.Purchase : EventType.Rating,
                start.AddSeconds(i),
                search ? null : purchase ? 1 + (i % 3) : i % 5,
                i % 3 == 0 && !purchase ? $"文本 {i}" : null,
                i % 4 == 0 ? $"s{i % 13}" : null,
                purchase && i % 2 == 0 ? (i % 1_000) + 0.25m : null));
            if (i % 10 == 9)
            {
                batch.Add(new Event($"{prefix}{i - 5}", "dup-user", "dup-item", EventType.View, start.AddDays(-1)));
            }

            if (i % 1_000 == 500)
            {
                batch.Add(stored[i / 1_000 % stored.Count] with { UserId = "late-user", ItemId = "late-item", Timestamp = start.AddDays(-2) });
            }
        }

        return batch;
    }

    /// <summary>What appending <paramref name="batch"/> to a store holding <paramref name="storedIds"/> reports: the first of each new id is stored.</summary>
    private static AppendOutcome[] ExpectedOutcomes(IEnumerable<Event> batch, IEnumerable<string> storedIds)
    {
        var seen = new HashSet<string>(storedIds, StringComparer.Ordinal);
        return [.. batch.Select(e => seen.Add(e.EventId) ? AppendOutcome.Stored : AppendOutcome.Duplicate)];
    }

    [SkippableFact]
    public async Task A_large_batch_stores_the_first_of_each_new_id_in_order_and_reports_or_counts_the_duplicates()
    {
        await using var store = await CreateStoreAsync();
        Event[] earlier = [Rating("s0", "u0", "i0", -30), Rating("s1", "u1", "i1", -20), Rating("s2", "first-user", "first-item", -10)];
        Assert.Equal(new WriteResult(3, 0), await store.AppendEventsAsync(earlier));

        var batch = LargeBatchWithDuplicates("b", T0, earlier);
        var expected = ExpectedOutcomes(batch, earlier.Select(static e => e.EventId));
        Assert.Equal(LargeBatch, expected.Count(static o => o == AppendOutcome.Stored));
        Assert.Equal(expected, await store.AppendEventsReportingEachAsync(batch));

        var firsts = batch.Where(static e => e.UserId is not ("dup-user" or "late-user")).ToList();
        Assert.Equal(LargeBatch, firsts.Count);
        Assert.Equal([.. earlier, .. firsts], await ToListAsync(store.StreamEventsAsync(), static e => e));
        Assert.Empty(await store.GetUserEventsAsync("dup-user", 10));
        Assert.Empty(await store.GetUserEventsAsync("late-user", 10));
        Assert.Equal(
            firsts.Where(static e => e.UserId == "用户-100").Reverse(),
            await store.GetUserEventsAsync("用户-100", LargeBatch));

        // The same ids again, mixed with as many new ones: counted rather than reported.
        var next = LargeBatchWithDuplicates("c", T0.AddSeconds(LargeBatch), earlier);
        Assert.Equal(new WriteResult(LargeBatch, next.Count - LargeBatch + batch.Count), await store.AppendEventsAsync([.. batch, .. next]));
        Assert.Equal(3 + (2 * LargeBatch), await store.CountEventsAsync());
        Assert.Equal(
            [.. earlier, .. firsts, .. next.Where(static e => e.UserId is not ("dup-user" or "late-user"))],
            await ToListAsync(store.StreamEventsAsync(), static e => e));
    }

    [SkippableFact]
    public async Task User_events_come_newest_first_up_to_the_limit()
    {
        await using var store = await CreateStoreAsync();
        var mine = Enumerable.Range(0, 12).Select(i => Rating($"m{i}", "me", $"i{i}", (i * 7) % 12)).ToList();
        await store.AppendEventsAsync([.. mine.Take(5), Rating("x", "other", "i0", 100)]);
        await store.AppendEventsAsync([.. mine.Skip(5)]);

        var top = await store.GetUserEventsAsync("me", 4);
        Assert.Equal(mine.OrderByDescending(e => e.Timestamp).Take(4).Select(e => e.EventId), top.Select(e => e.EventId));
        Assert.Equal(12, (await store.GetUserEventsAsync("me", 100)).Count);
        Assert.Empty(await store.GetUserEventsAsync("nobody", 10));
        Assert.Empty(await store.GetUserEventsAsync("me", 0));
    }

    [SkippableFact]
    public async Task Events_stream_in_timestamp_order_with_ties_in_insertion_order()
    {
        await using var store = await CreateStoreAsync();
        var batch1 = new[] { Rating("late", "u", "a", 10), Rating("tie-1", "u", "b", 5), Rating("early", "v", "c", 0) };
        var batch2 = new[] { Rating("tie-2", "v", "d", 5), Rating("middle", "u", "e", 7) };
        await store.AppendEventsAsync(batch1);
        await store.AppendEventsAsync(batch2);
        Assert.Equal(["early", "tie-1", "tie-2", "middle", "late"], await ToListAsync(store.StreamEventsAsync(), e => e.EventId));
    }

    [SkippableFact]
    public async Task Deleting_a_users_events_removes_only_theirs()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendEventsAsync([Rating("a1", "a", "x", 0), Rating("a2", "a", "y", 1), Rating("b1", "b", "x", 2)]);
        Assert.Equal(2, await store.DeleteUserEventsAsync("a"));
        Assert.Equal(0, await store.DeleteUserEventsAsync("a"));
        Assert.Equal(0, await store.DeleteUserEventsAsync("nobody"));
        Assert.Empty(await store.GetUserEventsAsync("a", 10));
        Assert.Equal(["b1"], await ToListAsync(store.StreamEventsAsync(), e => e.EventId));
    }

    [SkippableFact]
    public async Task Users_with_events_are_those_of_the_ones_asked_that_still_have_one()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendEventsAsync([Rating("a1", "a", "x", 0), Rating("b1", "b", "x", 2), Rating("c1", "c", "y", 3), Rating("c2", "c", "x", 300)]);
        await store.UpsertUsersAsync([new User("d")]);
        await store.DeleteUserEventsAsync("b");
        await store.DeleteEventsBeforeAsync(T0.AddMinutes(60));

        // b was erased, a purged by retention; c keeps one event; d has a row but never an event; e is unknown.
        Assert.Equal(["c"], (await store.GetUsersWithEventsAsync(["a", "b", "c", "d", "e", "c"])).Order());
        Assert.Empty(await store.GetUsersWithEventsAsync([]));
    }

    [SkippableFact]
    public async Task Retention_removes_events_strictly_before_the_cutoff()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendEventsAsync([.. Enumerable.Range(0, 10).Select(i => Rating($"e{i}", "u" + (i % 3), "x", i * 60))]);
        var cutoff = T0.AddHours(4);
        Assert.Equal(4, await store.DeleteEventsBeforeAsync(cutoff));
        var left = await ToListAsync(store.StreamEventsAsync(), e => e);
        Assert.Equal(6, left.Count);
        Assert.All(left, e => Assert.True(e.Timestamp >= cutoff));
        Assert.Equal(0, await store.DeleteEventsBeforeAsync(cutoff));
    }

    [SkippableFact]
    public async Task Everything_persists_across_reopening_and_duplicates_are_still_recognised()
    {
        await using (var store = await CreateStoreAsync())
        {
            await store.UpsertItemsAsync([FullItem("i1")]);
            await store.UpsertUsersAsync([new User("u1", new Dictionary<string, string> { ["k"] = "v" })]);
            await store.AppendEventsAsync([Rating("e1", "u1", "i1", 0), Rating("e2", "u1", "i2", 1)]);
        }

        await using var reopened = await ReopenStoreAsync();
        AssertSameItem(FullItem("i1"), await reopened.GetItemAsync("i1"));
        Assert.Equal("v", (await reopened.GetUserAsync("u1"))!.Attributes!["k"]);
        Assert.Equal(new WriteResult(1, 1), await reopened.AppendEventsAsync([Rating("e2", "u1", "i2", 1), Rating("e3", "u1", "i2", 2)]));
        Assert.Equal(["e1", "e2", "e3"], await ToListAsync(reopened.StreamEventsAsync(), e => e.EventId));
        Assert.Equal(new WriteResult(0, 1), await reopened.UpsertItemsAsync([FullItem("i1")]));
    }

    [SkippableFact]
    public async Task The_revision_grows_with_every_write_that_changes_training_input_and_only_then()
    {
        StoreRevision first;
        await using (var store = await CreateStoreAsync())
        {
            first = await store.GetRevisionAsync();
            Assert.False(string.IsNullOrEmpty(first.Store));
            var last = first;

            // Each write that changes something: the revision grows; its deletions only when a shopper's data was deleted.
            async Task Changes(Func<Task> write, string what, bool deletes = false)
            {
                await write();
                var now = await store.GetRevisionAsync();
                Assert.True(now.Store == last.Store && now.Value > last.Value, $"{what} did not advance the revision ({last} -> {now})");
                Assert.True(deletes ? now.Deletions > last.Deletions : now.Deletions == last.Deletions, $"{what}: deletions {last.Deletions} -> {now.Deletions}");
                last = now;
            }

            // Each write that changes nothing: the revision stays.
            async Task Leaves(Func<Task> write, string what)
            {
                await write();
                Assert.True(await store.GetRevisionAsync() == last, $"{what} moved the revision");
            }

            await Changes(() => store.UpsertItemsAsync([FullItem("i1"), FullItem("i2")]), "new items");
            await Leaves(() => store.UpsertItemsAsync([FullItem("i1")]), "an identical item");
            await Changes(() => store.UpsertItemsAsync([FullItem("i1") with { Title = "renamed" }]), "a renamed item");
            await Changes(() => store.DeleteItemAsync("i2"), "a deleted item");
            await Leaves(() => store.DeleteItemAsync("i2"), "deleting a missing item");
            await Changes(() => store.UpsertUsersAsync([new User("u1")]), "a new user");
            await Leaves(() => store.UpsertUsersAsync([new User("u1")]), "an identical user");
            await Changes(() => store.UpsertUsersAsync([new User("u1", Consent: new ConsentFlags(true, false))]), "changed consent");
            await Changes(() => store.AppendEventsAsync([Rating("e1", "u1", "i1", 0), Rating("e2", "u2", "i1", 1)]), "new events");
            await Leaves(() => store.AppendEventsAsync([Rating("e1", "u1", "i1", 0)]), "a duplicate event");
            await Changes(() => store.AppendEventsReportingEachAsync([Rating("e3", "u2", "i1", 2), Rating("e1", "u1", "i1", 0)]), "a reported append");
            await Leaves(() => store.AppendEventsReportingEachAsync([Rating("e3", "u2", "i1", 2)]), "a reported duplicate");
            await Changes(() => store.DeleteUserEventsAsync("u2"), "deleted events", deletes: true);
            await Leaves(() => store.DeleteUserEventsAsync("u2"), "deleting no events");
            await Leaves(() => store.DeleteEventsBeforeAsync(T0), "retention deleting nothing");
            await Changes(() => store.DeleteEventsBeforeAsync(T0.AddHours(1)), "retention", deletes: true);
            await Changes(() => store.DeleteUserAsync("u1"), "a deleted user", deletes: true);
            await Leaves(() => store.DeleteUserAsync("u1"), "deleting a missing user");
            if (store is IPrivacyStore privacy)
            {
                await Changes(() => store.AppendEventsAsync([Rating("e9", "victim", "i1", 3)]), "an event");
                await Changes(() => privacy.EraseUserAsync("victim"), "an erasure", deletes: true);
                await Leaves(() => privacy.EraseUserAsync("victim"), "erasing nobody");
            }

            first = last;
        }

        // The revision is stored, not counted in memory.
        await using var reopened = await ReopenStoreAsync();
        Assert.Equal(first, await reopened.GetRevisionAsync());
    }

    [SkippableFact]
    public async Task Concurrent_appends_store_every_distinct_event_once()
    {
        await using var store = await CreateStoreAsync();
        const int Tasks = 8;
        // Task t appends ids [100t, 100t + 150): neighbours overlap by 50.
        var results = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            var total = default(WriteResult);
            foreach (var chunk in Enumerable.Range(100 * t, 150).Chunk(25))
            {
                total += await store.AppendEventsAsync([.. chunk.Select(i => Rating($"c{i}", $"u{i % 13}", $"i{i % 17}", i))]);
            }

            return total;
        })));

        const int Distinct = 100 * (Tasks - 1) + 150;
        Assert.Equal(Distinct, results.Sum(r => r.Written));
        Assert.Equal(150 * Tasks - Distinct, results.Sum(r => r.Unchanged));
        Assert.Equal(Distinct, await store.CountEventsAsync());
        var streamed = await ToListAsync(store.StreamEventsAsync(), e => e.EventId);
        Assert.Equal(Distinct, streamed.Distinct().Count());
        Assert.Equal(Distinct, streamed.Count);
    }

    private static async Task<List<TOut>> ToListAsync<T, TOut>(IAsyncEnumerable<T> source, Func<T, TOut> select)
    {
        var list = new List<TOut>();
        await foreach (var x in source)
        {
            list.Add(select(x));
        }

        return list;
    }

    [SkippableFact]
    public async Task Interest_clusters_are_absent_until_saved_then_round_trip_across_a_reopen()
    {
        await using (var store = await CreateStoreAsync())
        {
            Assert.Null(await store.LoadInterestClustersAsync());
            await store.SaveInterestClustersAsync(InterestClusters.Restore(
                [
                    new InterestCluster(7, "Trail shoes · waterproof, grip", ["Trail shoes", "Boots"], ["waterproof", "grip"], ["i1", "i2"]),
                    new InterestCluster(2, "越野跑鞋 · 防滑", ["越野跑鞋"], ["防滑"], ["商品-3"]),
                ],
                nextId: 12));
        }

        await using var reopened = await ReopenStoreAsync();
        var loaded = await reopened.LoadInterestClustersAsync();
        Assert.NotNull(loaded);
        Assert.Equal(12, loaded.NextId);
        Assert.Equal([2, 7], loaded.Clusters.Select(static c => c.Id));
        var (chinese, trail) = (loaded.Clusters[0], loaded.Clusters[1]);
        Assert.Equal("越野跑鞋 · 防滑", chinese.Label);
        Assert.Equal(["越野跑鞋"], chinese.Categories);
        Assert.Equal(["防滑"], chinese.Keywords);
        Assert.Equal(["商品-3"], chinese.Members);
        Assert.Equal("Trail shoes · waterproof, grip", trail.Label);
        Assert.Equal(["Trail shoes", "Boots"], trail.Categories);
        Assert.Equal(["waterproof", "grip"], trail.Keywords);
        Assert.Equal(["i1", "i2"], trail.Members);
    }

    [SkippableFact]
    public async Task Saving_interest_clusters_replaces_the_previous_set_whole()
    {
        await using var store = await CreateStoreAsync();
        await store.SaveInterestClustersAsync(InterestClusters.Restore([new InterestCluster(0, "A", [], [], ["x"]), new InterestCluster(1, "B", [], [], ["y"])], 2));
        await store.SaveInterestClustersAsync(InterestClusters.Restore([new InterestCluster(1, "B2", ["Books"], [], ["y", "z"]), new InterestCluster(2, "C", [], [], ["x"])], 3));
        var loaded = (await store.LoadInterestClustersAsync())!;
        Assert.Equal([(1, "B2"), (2, "C")], loaded.Clusters.Select(static c => (c.Id, c.Label)));
        Assert.Equal(3, loaded.NextId);

        await store.SaveInterestClustersAsync(InterestClusters.Restore([], 3));
        loaded = (await store.LoadInterestClustersAsync())!;
        Assert.Empty(loaded.Clusters);
        Assert.Equal(3, loaded.NextId);
    }
}
