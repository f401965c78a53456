using Penchant.Core.Data;
using Penchant.Storage.Import;

namespace Penchant.Storage.Tests.Import;

public sealed class PenchantFormatImporterTests
{
    [Fact]
    public async Task Items_csv_reads_every_field_with_attribute_columns_and_quoted_multiline_text()
    {
        await using var f = await ImportFixture.CreateAsync();
        var path = f.Write("items.csv", """
            id,title,description,category,brand,price,tags,image_url,available,created_at,attr.颜色,attr.size
            shoe-1,越野跑鞋,"Grips, on ""wet"" rock
            and mud",运动 > 跑步 > Trail,Bränd,129.90,waterproof|轻,https://x/1.jpg,false,2024-03-01T12:00:00+08:00,红,42
            shoe-2,Plain shoe,,,,,,,,,,
            ,No id,,,,,,,,,,
            shoe-3,Bad price,,,,12x,,,,,,
            shoe-4,Bad flag,,,,,,,maybe,,,
            """ + "\n");
        var report = await Importers.Create("items-csv").ImportAsync(path, f.Store);

        // The quoted description spans lines 2-3, so the bad records are on lines 5, 6 and 7.
        Assert.Equal([5L, 6L, 7L], report.Errors.Select(e => e.Line));
        Assert.Equal(["missing id", "price '12x' is not a number", "available 'maybe' is not true or false"], report.Errors.Select(e => e.Reason));
        Assert.Equal(new ImportTally(2, 0), report.Items);
        var shoe = await f.Store.GetItemAsync("shoe-1");
        Assert.Equal("越野跑鞋", shoe!.Title);
        Assert.Equal("Grips, on \"wet\" rock\nand mud", shoe.Description);
        Assert.Equal(["运动", "跑步", "Trail"], shoe.CategoryPath);
        Assert.Equal("Bränd", shoe.Brand);
        Assert.Equal(129.90m, shoe.Price);
        Assert.Equal(["waterproof", "轻"], shoe.Tags);
        Assert.Equal("https://x/1.jpg", shoe.ImageUrl);
        Assert.False(shoe.Available);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 4, 0, 0, TimeSpan.Zero), shoe.CreatedAt);
        Assert.Equal("红", shoe.Attributes!["颜色"]);
        Assert.Equal("42", shoe.Attributes["size"]);
        var plain = await f.Store.GetItemAsync("shoe-2");
        Assert.True(plain!.Available);
        Assert.Null(plain.Attributes);
        Assert.Null(plain.CategoryPath);
    }

    [Fact]
    public async Task Items_jsonl_reads_arrays_objects_and_numbers()
    {
        await using var f = await ImportFixture.CreateAsync();
        var path = f.Write("items.jsonl", """
            {"id": "a", "title": "Tea 茶", "category_path": ["Food", "Tea"], "price": 5.5, "tags": ["green"], "attributes": {"origin": "云南", "grams": 250}, "available": true, "created_at": 1700000000}
            {"id": "b", "title": "B", "category": "Food > Snacks"}
            {"id": "c", "title": ["not", "text"]}
            not json at all
            [1, 2]
            """ + "\n");
        var report = await Importers.Create("items-jsonl").ImportAsync(path, f.Store);

        Assert.Equal([3L, 4L, 5L], report.Errors.Select(e => e.Line));
        Assert.StartsWith("bad JSON", report.Errors[1].Reason, StringComparison.Ordinal);
        var a = await f.Store.GetItemAsync("a");
        Assert.Equal(["Food", "Tea"], a!.CategoryPath);
        Assert.Equal(5.5m, a.Price);
        Assert.Equal("250", a.Attributes!["grams"]);
        Assert.Equal("云南", a.Attributes["origin"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), a.CreatedAt);
        Assert.Equal(["Food", "Snacks"], (await f.Store.GetItemAsync("b"))!.CategoryPath);
    }

    [Theory]
    [InlineData("events-csv")]
    [InlineData("events-jsonl")]
    public async Task Events_files_take_iso_or_unix_times_derive_missing_ids_and_reject_bad_rows(string format)
    {
        await using var f = await ImportFixture.CreateAsync();
        var rows = new (string? Id, string User, string? Item, string Type, string Time, string? Value, string? Text, string? Price)[]
        {
            ("e1", "u1", "i1", "view", "2024-03-01T12:00:00Z", null, null, null),
            (null, "u1", "i2", "purchase", "1709294400", "2", null, "19.90"),
            (null, "u1", null, "search", "2024-03-01T12:00:05", null, "跑鞋", null),
            ("e4", "u2", "i1", "teleport", "1709294400", null, null, null),
            ("e5", "u2", null, "view", "1709294400", null, null, null),
            ("e6", "u2", "i1", "rating", "last week", "4", null, null),
            ("e7", "u2", "i1", "rating", "1709294400", "four", null, null),
            ("e8", "u2", "i3", "add_to_cart", "1709294401.5", "3", "note, with comma", null),
            ("e9", "u2", "i3", "view", "1709294402", null, null, "5"),
            ("e10", "u2", "i3", "purchase", "1709294403", "1", null, "-1"),
        };
        string path;
        if (format == "events-csv")
        {
            path = f.Write("events.csv", "event_id,user_id,item_id,type,timestamp,value,text,session_id,price\n" + string.Concat(rows.Select(r =>
                $"{r.Id},{r.User},{r.Item},{r.Type},{r.Time},{r.Value},{(r.Text is null ? "" : "\"" + r.Text + "\"")},s1,{r.Price}\n")));
        }
        else
        {
            static string J(string? s) => s is null ? "null" : System.Text.Json.JsonSerializer.Serialize(s);
            path = f.Write("events.jsonl", string.Concat(rows.Select(r =>
                $"{{\"event_id\": {J(r.Id)}, \"user_id\": {J(r.User)}, \"item_id\": {J(r.Item)}, \"type\": {J(r.Type)}, \"timestamp\": {(r.Time.All(c => char.IsDigit(c) || c == '.') ? r.Time : J(r.Time))}, \"value\": {(r.Value is null ? "null" : r.Value.All(char.IsDigit) ? r.Value : J(r.Value))}, \"text\": {J(r.Text)}, \"session_id\": \"s1\", \"price\": {r.Price ?? "null"}}}\n")));
        }

        var report = await Importers.Create(format).ImportAsync(path, f.Store);

        var header = format == "events-csv" ? 1 : 0;
        Assert.True(report.Errors.Count == 6, string.Join("; ", report.Errors));
        Assert.Equal(new long[] { 4, 5, 6, 7, 9, 10 }.Select(l => l + header), report.Errors.Select(e => e.Line));
        Assert.Contains("unknown event type 'teleport'", report.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("item_id", report.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("timestamp", report.Errors[2].Reason, StringComparison.Ordinal);
        Assert.Contains("value", report.Errors[3].Reason, StringComparison.Ordinal);
        Assert.Contains("price is the unit price paid on add_to_cart or purchase events, not on view", report.Errors[4].Reason, StringComparison.Ordinal);
        Assert.Contains("price '-1'", report.Errors[5].Reason, StringComparison.Ordinal);
        Assert.Equal(new ImportTally(4, 0), report.Events);

        var u1 = await f.Store.GetUserEventsAsync("u1", 10);
        var t0 = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(
        [
            new Event("penchant:u1::1709294405:search", "u1", null, EventType.Search, t0.AddSeconds(5), null, "跑鞋", "s1"),
            new Event("penchant:u1:i2:1709294400:purchase", "u1", "i2", EventType.Purchase, t0, 2, SessionId: "s1", Price: 19.90m),
            new Event("e1", "u1", "i1", EventType.View, t0, SessionId: "s1"),
        ], u1);
        var cart = Assert.Single(await f.Store.GetUserEventsAsync("u2", 10));
        Assert.Equal(t0.AddSeconds(1.5), cart.Timestamp);
        Assert.Equal("note, with comma", cart.Text);

        var again = await Importers.Create(format).ImportAsync(path, f.Store);
        Assert.Equal(new ImportTally(0, 4), again.Events);
    }

    [Fact]
    public async Task Users_csv_reads_attributes_and_consent()
    {
        await using var f = await ImportFixture.CreateAsync();
        var path = f.Write("users.csv", "id,attr.region,consent_personalization,consent_profiling\nu1,上海,true,false\nu2,,,\nu3,x,perhaps,\n");
        var report = await Importers.Create("users-csv").ImportAsync(path, f.Store);

        Assert.Equal([4L], report.Errors.Select(e => e.Line));
        var u1 = await f.Store.GetUserAsync("u1");
        Assert.Equal("上海", u1!.Attributes!["region"]);
        Assert.Equal(new ConsentFlags(true, false), u1.Consent);
        var u2 = await f.Store.GetUserAsync("u2");
        Assert.Null(u2!.Consent);
        Assert.Null(u2.Attributes);
    }

    [Fact]
    public async Task A_header_without_required_columns_skips_the_file_with_one_error()
    {
        await using var f = await ImportFixture.CreateAsync();
        var path = f.Write("events.csv", "user,item,when\nu1,i1,1709294400\n");
        var report = await Importers.Create("events-csv").ImportAsync(path, f.Store);

        var error = Assert.Single(report.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("user_id", error.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await f.Store.CountEventsAsync());
    }

    [Fact]
    public async Task Every_rejected_line_is_counted_but_only_the_first_hundred_kept()
    {
        await using var f = await ImportFixture.CreateAsync();
        var path = f.Write("events.jsonl", string.Concat(Enumerable.Range(0, 250).Select(i => i % 2 == 0
            ? $"{{\"user_id\": \"u\", \"item_id\": \"i{i}\", \"type\": \"view\", \"timestamp\": {1_700_000_000 + i}}}\n"
            : "{oops\n")));
        var report = await Importers.Create("events-jsonl", new ImportOptions { BatchSize = 7 }).ImportAsync(path, f.Store);

        Assert.Equal(125, report.Rejected);
        Assert.Equal(100, report.Errors.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(k => 2L * k + 2), report.Errors.Select(e => e.Line));
        Assert.Equal(125, report.Events.Accepted);
        Assert.Equal(125, await f.Store.CountEventsAsync());
    }

    [Fact]
    public void Unknown_formats_are_refused_and_every_listed_format_has_an_importer()
    {
        Assert.Throws<ArgumentException>(() => Importers.Create("xml"));
        Assert.All(Importers.Formats, name => Assert.Equal(name, Importers.Create(name).Format));
    }
}
