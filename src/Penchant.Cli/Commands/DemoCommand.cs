using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using Penchant.Cli.Engine;
using Penchant.Core.Merchandising;
using Penchant.Core.Privacy;
using Penchant.Core.Synthetic;
using Penchant.Server;
using Penchant.Server.Options;
using Penchant.Server.Services;
using Penchant.Storage.Sqlite;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary>
/// <c>penchant demo</c>: generates a deterministic synthetic shop, imports it into a fresh SQLite file, trains,
/// prints a few shoppers' planted interests beside the profiles Penchant learned and their recommendations, then
/// serves the shop over HTTP on 127.0.0.1 (unless <c>--no-serve</c>).
/// </summary>
public static class DemoCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var db = new Option<string>("--db") { Description = "The SQLite file to create (replaced if it exists).", DefaultValueFactory = _ => "penchant-demo.db" };
        var shoppers = new Option<int>("--shoppers") { Description = "How many shoppers to generate.", DefaultValueFactory = _ => 2000 };
        var items = new Option<int>("--items") { Description = "How many items to generate.", DefaultValueFactory = _ => 3000 };
        var seed = new Option<long>("--seed") { Description = "Seed of the generated shop.", DefaultValueFactory = _ => 42 };
        var show = new Option<int>("--show") { Description = "How many shoppers to print.", DefaultValueFactory = _ => 3 };
        var recommender = CommonOptions.Recommender();
        var noServe = new Option<bool>("--no-serve") { Description = "Stop after printing instead of serving the shop over HTTP." };
        var urls = new Option<string>("--urls") { Description = "Where to serve the shop.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var command = new Command("demo", "Generate a shop, import it into SQLite, train, show what Penchant learned, then serve it.")
        {
            db, shoppers, items, seed, show, recommender, noServe, urls,
        };
        command.SetAction(async (parse, cancellation) => await RunAsync(
            console ?? AnsiConsole.Console,
            parse.GetValue(db)!,
            new ShopGeneratorOptions
            {
                Seed = parse.GetValue(seed),
                ShopperCount = parse.GetValue(shoppers),
                ItemCount = parse.GetValue(items),

                // The shop's history ends today, so "recent" and "short term" mean what they say.
                End = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero),
            },
            parse.GetValue(show),
            parse.GetValue(recommender),
            parse.GetValue(noServe) ? null : parse.GetValue(urls),
            cancellation));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole output, string path, ShopGeneratorOptions options, int show, string? recommender, string? urls, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        options.Validate();

        // Unless told otherwise, the demo lets the shop's own data choose the recommender, and says which and why.
        recommender ??= ModelTrainer.Auto;
        var shop = new ShopGenerator(options).Generate(cancellation);
        output.MarkupLineInterpolated($"[bold]1. Generated[/] a shop: {shop.Items.Count:N0} items in {shop.Categories.Count} categories, {shop.Users.Count:N0} shoppers, {shop.Events.Count:N0} events over {options.Days} days ({clock.Elapsed.TotalSeconds:F1} s).");

        foreach (var suffix in new[] { "", "-wal", "-shm", PseudonymKeyFile.Suffix, PenchantServerOptions.SnapshotSuffix, Penchant.Storage.Sqlite.SqliteStore.LeaseSuffix })
        {
            File.Delete(path + suffix);
        }

        // A fresh random key beside (never inside) the database: shoppers are stored under keyed pseudonyms.
        var keyFile = path + PseudonymKeyFile.Suffix;
        PseudonymKeyFile.EnsureExists(keyFile);
        var privacy = new IngestPrivacy(Pseudonymizer.FromConfiguration(await File.ReadAllTextAsync(keyFile, cancellation)), MinimizationOptions.Default);
        await using (var sqlite = await SqliteStore.OpenAsync(path, cancellation: cancellation))
        {
            var store = new PrivacyIngestStore(sqlite, privacy);
            await output.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("importing into SQLite", maxValue: shop.Items.Count + shop.Users.Count + shop.Events.Count);
                    foreach (var chunk in shop.Items.Chunk(10_000))
                    {
                        await store.UpsertItemsAsync(chunk, cancellation);
                        task.Increment(chunk.Length);
                    }

                    foreach (var chunk in shop.Users.Chunk(10_000))
                    {
                        await store.UpsertUsersAsync(chunk, cancellation);
                        task.Increment(chunk.Length);
                    }

                    foreach (var chunk in shop.Events.Chunk(50_000))
                    {
                        await store.AppendEventsAsync(chunk, cancellation);
                        task.Increment(chunk.Length);
                    }
                });
        }

        output.MarkupLineInterpolated($"[bold]2. Imported[/] into {Path.GetFullPath(path)} ({clock.Elapsed.TotalSeconds:F1} s), shoppers under keyed pseudonyms (key: {keyFile}).");
        await using (var engine = await LocalEngine.OpenAsync(path, recommender, keyFile, cancellation))
        {
            var snapshot = await engine.TrainAsync(cancellation);

            // Saved beside the database, so that the server below serves this model at once; with the store unchanged it does not train again.
            await engine.SaveAsync(snapshot, cancellation);
            output.MarkupLineInterpolated($"[bold]3. Trained[/] {snapshot.Recommender} on {snapshot.Interactions:N0} shopper-item interactions ({clock.Elapsed.TotalSeconds:F1} s).");
            if (snapshot.Selection is { } selection)
            {
                output.MarkupLineInterpolated($"   chosen from the shop's own data ({selection})");
            }

            output.WriteLine();
            foreach (var user in PickShoppers(shop, show))
            {
                var truth = shop.GroundTruth[user];
                output.Write(new Rule($"[bold]{user}[/]").LeftJustified());
                output.MarkupLineInterpolated($"[grey]Planted (ground truth):[/] {string.Join("; ", truth.CurrentCategories.Select(c => c.Category))}; brands {string.Join(", ", truth.LikedBrands)}{(truth.DislikedBrand is { } d ? $"; dislikes {d}" : "")}{(truth.PastCategories.Count > 0 ? $"; drifted away from {string.Join(", ", truth.PastCategories.Select(c => c.Category))}" : "")}");
                var pseudonym = engine.Privacy.UserKey(user);
                ProfileCommand.Print(output, await engine.ProfileWithNarrativeAsync(pseudonym, user, cancellation), 5);
                RecommendCommand.Print(output, await engine.Recommendations.RecommendAsync(pseudonym, 8, RecommendationFilter.None, cancellation) with { UserId = user });
                output.WriteLine();
            }

            if (show > 0)
            {
                await PrintMarketingAsync(output, engine, shop, PickShoppers(shop, 1).First(), cancellation);
            }
        }

        output.MarkupLineInterpolated($"Demo data ready in {clock.Elapsed.TotalSeconds:F1} s.");
        if (urls is null)
        {
            return 0;
        }

        var admin = "pk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var ingest = "pk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var first = urls.Split(';')[0].TrimEnd('/');
        var example = PickShoppers(shop, 1).First();
        output.MarkupLineInterpolated($"[bold]4. Serving[/] the shop at {first} (Ctrl+C to stop). OpenAPI: {first}/openapi/v1.json");
        output.MarkupLineInterpolated($"   admin key:  {admin}");
        output.MarkupLineInterpolated($"   ingest key: {ingest}");
        output.MarkupLineInterpolated($"   try: curl -H 'X-Api-Key: {ingest}' '{first}/v1/recommendations/users/{example}?count=5'");
        output.MarkupLineInterpolated($"        curl -H 'X-Api-Key: {admin}' '{first}/v1/segments?k=5'");
        output.MarkupLineInterpolated($"   in the dashboard (its address follows), paste the admin key and look up shopper {example}");
        await PenchantServerHost.RunAsync(
            new ServeOptions(path, urls, InsecureDev: false, recommender, [new ApiKeyOptions { Name = "demo-admin", Key = admin, Role = "admin" }, new ApiKeyOptions { Name = "demo-ingest", Key = ingest, Role = "ingest" }], keyFile),
            cancellation);
        return 0;
    }

    /// <summary>Shoppers worth showing: the busiest of the first hundred, one with drift among them when there is one.</summary>
    private static IEnumerable<string> PickShoppers(SyntheticShop shop, int count)
    {
        var counts = shop.Events.GroupBy(static e => e.UserId).ToDictionary(static g => g.Key, static g => g.Count());
        var candidates = shop.Users.Take(100).Select(static u => u.Id).OrderByDescending(id => counts.GetValueOrDefault(id)).ThenBy(static id => id, StringComparer.Ordinal).ToList();
        var drifted = candidates.FirstOrDefault(id => shop.GroundTruth[id].PastCategories.Count > 0);
        var picked = new List<string>();
        if (drifted is not null && count > 1)
        {
            picked.Add(drifted);
        }

        picked.AddRange(candidates.Where(id => id != drifted).Take(count - picked.Count));
        return picked;
    }

    // Shopper segments and an audience for the first shown shopper's favourite brand, named by shop id.
    private static async Task PrintMarketingAsync(IAnsiConsole output, LocalEngine engine, SyntheticShop shop, string example, CancellationToken cancellation)
    {
        var byPseudonym = shop.Users.ToDictionary(u => engine.Privacy.UserKey(u.Id), static u => u.Id, StringComparer.Ordinal);
        var segments = await engine.Marketing.SegmentsAsync("demo", new Penchant.Core.Segments.SegmentOptions(6), withMembers: false, cancellation);
        output.Write(new Rule($"[bold]Shopper segments[/] (by {segments.By}, {segments.EligibleShoppers:N0} shoppers)").LeftJustified());
        output.Write(SegmentsCommand.Table(segments));
        if (shop.GroundTruth[example].LikedBrands.FirstOrDefault() is { } brand
            && await engine.Marketing.BuildAsync("demo", brand, null, new Penchant.Core.Audiences.AudienceOptions(Depth: 20, ProspectsOnly: true, Size: 5), cancellation) is { } audience)
        {
            output.Write(new Rule($"[bold]Audience for {Markup.Escape(brand)}[/]: shoppers who have not taken any of its items yet, best first").LeftJustified());
            foreach (var member in audience.Shoppers)
            {
                output.MarkupLineInterpolated($"  {byPseudonym.GetValueOrDefault(member.UserId, member.UserId)}: {member.Reason}");
            }
        }

        if (engine.Serving.Current is { BoughtTogether: { Rules.Count: > 0 } rules } snapshot)
        {
            output.Write(new Rule($"[bold]Bought together[/] ({rules.Rules.Count:N0} rules from {rules.Baskets:N0} baskets of purchases; the five in most baskets)").LeftJustified());
            foreach (var rule in rules.Rules.OrderByDescending(static r => r.Count).ThenByDescending(static r => r.Confidence).Take(5))
            {
                var with = string.Join(" + ", rule.Antecedent.Select(i => snapshot.ItemAt(i)?.Title ?? snapshot.Items[i]));
                output.MarkupLineInterpolated($"  {with} → {snapshot.ItemAt(rule.Consequent)?.Title ?? snapshot.Items[rule.Consequent]}: {rule.Confidence * 100:0}% of {rule.AntecedentCount} baskets");
            }
        }

        await PrintCampaignAsync(output, engine, example, cancellation);
        await PrintSearchAsync(output, engine, shop, example, cancellation);
        output.WriteLine();
    }

    // A search for one of the shopper's planted categories by its name: the text alone, then ordered for the shopper.
    private static async Task PrintSearchAsync(IAnsiConsole output, LocalEngine engine, SyntheticShop shop, string example, CancellationToken cancellation)
    {
        var truth = shop.GroundTruth[example];
        if (truth.CurrentCategories.Concat(truth.PastCategories).FirstOrDefault() is not { } interest)
        {
            return;
        }

        // The category's own name ("Electronics > Computers > Mice" is searched as "mice"), as a shopper would type it.
        var query = interest.Category.Split('>')[^1].Trim().ToLowerInvariant();
        var filter = RecommendationFilter.None with { ExcludePurchased = false };
        var anyone = await engine.Recommendations.SearchAsync(null, query, 5, filter, null, cancellation);
        var mine = await engine.Recommendations.SearchAsync(engine.Privacy.UserKey(example), query, 5, filter, null, cancellation);
        output.Write(new Rule($"[bold]Search[/] \"{Markup.Escape(query)}\": {anyone.Total} items match").LeftJustified());
        output.MarkupLineInterpolated($"[grey]For anyone (the words, popularity{(anyone.Learned ? " and what shoppers chose after this search" : "")}):[/] {string.Join("; ", anyone.Items.Select(static i => $"{i.Title} ({i.Brand})"))}");
        output.MarkupLineInterpolated($"[grey]For {example} (planted brands {string.Join(", ", truth.LikedBrands)}){(mine.Personalized ? ", with their own scores too" : ": no usable history, as for anyone")}:[/]");
        output.Write(RecommendCommand.ItemTable(mine.Items));
    }

    // A merchandising campaign for the brand with most items just below the shopper's top 8, stored, shown lifting them
    // into the list, and removed again, so that the server below serves without it. Without explore slots, so that only
    // the campaign moves the list.
    private static async Task PrintCampaignAsync(IAnsiConsole output, LocalEngine engine, string example, CancellationToken cancellation)
    {
        var pseudonym = engine.Privacy.UserKey(example);
        var before = await engine.Recommendations.RecommendAsync(pseudonym, 20, RecommendationFilter.None, 0, logSlate: false, cancellation);
        var brand = before.Items.Skip(8).Select(static i => i.Brand).OfType<string>()
            .GroupBy(static b => b, StringComparer.Ordinal).OrderByDescending(static g => g.Count()).Select(static g => g.Key).FirstOrDefault();
        if (brand is null)
        {
            return;
        }

        var campaign = new Campaign("demo-week", $"{brand} week", [new ScoreBoost(BoostField.Brand, brand, 0.3f)]);
        await engine.Campaigns.SaveAsync(campaign, cancellation);
        try
        {
            var after = await engine.Recommendations.RecommendAsync(pseudonym, 8, RecommendationFilter.None, 0, logSlate: false, cancellation);
            var rankBefore = before.Items.Select(static (item, i) => (item.Id, Rank: i + 1)).ToDictionary(static p => p.Id, static p => p.Rank, StringComparer.Ordinal);
            var lifted = after.Items.Where(i => i.Campaigns is not null && rankBefore.GetValueOrDefault(i.Id, 99) > 8).Select(i => $"{i.Title} (was {rankBefore.GetValueOrDefault(i.Id)})").ToList();
            output.Write(new Rule($"[bold]A merchandising campaign[/]: {Markup.Escape(brand)} +0.3, stored as demo-week; every list lifts its items while it runs").LeftJustified());
            output.MarkupLineInterpolated($"[grey]Lifted into {example}'s top 8 (no explore slots):[/] {(lifted.Count > 0 ? string.Join("; ", lifted) : "none; the brand's items stay below")}");
            RecommendCommand.Print(output, after with { UserId = example });
        }
        finally
        {
            await engine.Campaigns.DeleteAsync(campaign.Id, cancellation);
        }

        output.MarkupLine("[grey]  (removed again, so the server below serves without it; PUT /v1/admin/campaigns/{id} stores one there)[/]");
    }
}
