using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Core.Data;
using Penchant.Core.Privacy;
using Penchant.Core.Synthetic;
using Penchant.Server;
using Penchant.Server.Contracts;
using Penchant.Server.Services;
using Penchant.Storage;

namespace Penchant.Bench.Server;

/// <summary>
/// The A/B test end to end, in process, on the generated shop: the server is trained on the first 150 of 180 days
/// with an experiment of popularity (control) against item-kNN (treatment), half the shoppers each; every shopper
/// active in the last 30 days asks once for 10 recommendations (exploration off); a shopper "clicks" each shown item
/// they took in those 30 days and "buys" each they bought, posted as events; then the server's report
/// (<see cref="OnlineReportService"/>). Arguments: --shoppers N (default 2000), --items N (default 3000), --seed S;
/// --explore SHARE (an exploration test instead); --layered SHARE (the recommender test and the exploration test at once, in two layers);
/// --covariate-days D (the days before each shopper's first slate the reports adjust for, default the server's 14; 0 compares without);
/// --fatigue F (a test of impression fatigue instead: item-kNN in both arms, ImpressionFatigue 0 against F, each shopper
/// coming back --visits R times, default 3, clicking on each visit the items they took and had not clicked before).
/// </summary>
public sealed class AbTestBench : IBench
{
    public string Name => "ab-test";

    public string Description => "A/B test end to end on the generated shop: popularity against item-kNN, replayed clicks and purchases, the server's report [--explore SHARE: item-kNN without against with that share of explore slots; --layered SHARE: both tests at once, in two layers; --fatigue F [--visits R]: item-kNN without against with impression fatigue F, shoppers coming back R times]";

    public async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = BenchArgs.Parse(args);
        var shop = new ShopGenerator(new ShopGeneratorOptions
        {
            Seed = options.GetInt("seed", 42),
            ShopperCount = options.GetInt("shoppers", 2000),
            ItemCount = options.GetInt("items", 3000),

            // The shop's last 30 days lie ahead of today: the slates are served now, at the cut, and the days before
            // it are the shoppers' pre-test behaviour the reports adjust for (ExperimentCovariateDays).
            End = new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(31),
        }).Generate();
        var cut = shop.Options.End.AddDays(-30);
        var dir = Path.Combine(Path.GetTempPath(), "penchant-ab-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            // Popularity against item-kNN; or (--explore SHARE) item-kNN without and with explore slots; or (--layered SHARE)
            // both tests at once, each in its own layer, every shopper in both.
            var explore = options.Get("explore");
            var layered = options.Get("layered");
            var fatigue = options.Get("fatigue");
            var visits = fatigue is null ? 1 : options.GetInt("visits", 3);
            string[] recommenderTest =
            [
                "--Penchant:Experiment:Name=popularity-vs-itemknn",
                "--Penchant:Experiment:Variants:0:Name=control",
                "--Penchant:Experiment:Variants:0:Recommender=popularity",
                "--Penchant:Experiment:Variants:1:Name=itemknn",
                "--Penchant:Experiment:Variants:1:Recommender=itemknn",
            ];
            string[] arms = fatigue is not null
                ?
                [
                    "--Penchant:Experiment:Name=fatigue-or-not",
                    "--Penchant:Experiment:Variants:0:Name=no-fatigue",
                    "--Penchant:Experiment:Variants:0:Recommender=itemknn",
                    "--Penchant:Experiment:Variants:1:Name=fatigue",
                    "--Penchant:Experiment:Variants:1:Recommender=itemknn",
                    "--Penchant:Experiment:Variants:1:ImpressionFatigue=" + fatigue,
                ]
                : layered is not null
                ?
                [
                    .. recommenderTest,
                    "--Penchant:Experiments:0:Name=explore-or-not",
                    "--Penchant:Experiments:0:Layer=exploration",
                    "--Penchant:Experiments:0:Variants:0:Name=no-explore",
                    "--Penchant:Experiments:0:Variants:0:ExploreShare=0",
                    "--Penchant:Experiments:0:Variants:1:Name=explore",
                    "--Penchant:Experiments:0:Variants:1:ExploreShare=" + layered,
                ]
                : explore is null
                ? recommenderTest
                :
                [
                    "--Penchant:Experiment:Name=explore-or-not",
                    "--Penchant:Experiment:Variants:0:Name=no-explore",
                    "--Penchant:Experiment:Variants:0:Recommender=itemknn",
                    "--Penchant:Experiment:Variants:0:ExploreShare=0",
                    "--Penchant:Experiment:Variants:1:Name=explore",
                    "--Penchant:Experiment:Variants:1:Recommender=itemknn",
                    "--Penchant:Experiment:Variants:1:ExploreShare=" + explore,
                ];
            await using var app = PenchantServerHost.BuildApp(
            [
                "--urls=http://127.0.0.1:0",
                "--Penchant:DatabasePath=" + Path.Combine(dir, "ab.db"),
                "--Penchant:AllowAnonymous=true",
                "--Penchant:TrainingInterval=00:00:00",
                "--Penchant:Exploration:Share=0",
                // A fixed key, so that the variant assignment, and with it the figures, repeat from run to run.
                "--Penchant:Privacy:PseudonymKey=hex:0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0",
                .. arms,
                .. options.Get("covariate-days") is { } days ? new[] { "--Penchant:ExperimentCovariateDays=" + days } : [],
                "--Logging:LogLevel:Default=Warning",
            ]);
            // The catalogue and history go in before the start, when the server loads its catalogue cache.
            var store = app.Services.GetRequiredService<IPenchantStore>();
            await store.InitializeAsync();
            var privacy = app.Services.GetRequiredService<IngestPrivacy>();
            await store.UpsertItemsAsync([.. shop.Items]);
            var past = shop.Events.Where(e => e.Timestamp < cut).Select(e => e with { UserId = privacy.UserKey(e.UserId) }).ToList();
            for (var start = 0; start < past.Count; start += 10_000)
            {
                await store.AppendEventsAsync(past.GetRange(start, Math.Min(10_000, past.Count - start)));
            }

            await app.StartAsync();

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var serving = app.Services.GetRequiredService<ServingModel>();
            serving.Swap(await app.Services.GetRequiredService<ModelTrainer>().TrainAsync(1, CancellationToken.None));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{shop.Users.Count:N0} shoppers, {shop.Items.Count:N0} items; {past.Count:N0} events before {cut:yyyy-MM-dd} trained both variants in {clock.Elapsed.TotalSeconds:F1} s"));

            var future = shop.Events.Where(e => e.Timestamp >= cut && e.ItemId is not null && EventWeights.Default.WeightOf(e.Type, e.Value) > 0)
                .GroupBy(static e => e.UserId, StringComparer.Ordinal)
                .ToDictionary(static g => g.Key, static g => (Took: g.Select(static e => e.ItemId!).ToHashSet(StringComparer.Ordinal), Bought: g.Where(static e => e.Type == EventType.Purchase).Select(static e => e.ItemId!).ToHashSet(StringComparer.Ordinal)), StringComparer.Ordinal);
            var recommendations = app.Services.GetRequiredService<RecommendationService>();
            var replies = new List<Event>();
            var answered = new HashSet<string>(StringComparer.Ordinal);
            for (var visit = 0; visit < visits; visit++)
            {
                // Each visit's slates see the clicks of the visits before (and, with fatigue, their impressions).
                var visitReplies = new List<Event>();
                var clicksByArm = new SortedDictionary<string, int>(StringComparer.Ordinal);
                foreach (var (user, (took, bought)) in future)
                {
                    var pseudonym = privacy.UserKey(user);
                    var response = await recommendations.RecommendAsync(pseudonym, 10, RecommendationFilter.None, CancellationToken.None);
                    var now = DateTimeOffset.UtcNow; // the shopper answers after the slate was served
                    foreach (var item in response.Items)
                    {
                        if (took.Contains(item.Id) && answered.Add($"click {user} {item.Id}"))
                        {
                            clicksByArm[response.Variant ?? "-"] = clicksByArm.GetValueOrDefault(response.Variant ?? "-") + 1;
                            visitReplies.Add(new Event($"ab-click-{user}-{item.Id}", pseudonym, item.Id, EventType.Click, now));
                        }

                        if (bought.Contains(item.Id) && answered.Add($"buy {user} {item.Id}"))
                        {
                            visitReplies.Add(new Event($"ab-buy-{user}-{item.Id}", pseudonym, item.Id, EventType.Purchase, now));
                        }
                    }
                }

                await store.AppendEventsAsync(visitReplies);
                await app.Services.GetRequiredService<ImpressionWriter>().FlushAsync();
                replies.AddRange(visitReplies);
                if (visits > 1)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"visit {visit + 1}: new clicks {string.Join(", ", clicksByArm.Select(static a => $"{a.Key} {a.Value:N0}"))}"));
                }
            }

            var reading = System.Diagnostics.Stopwatch.StartNew();
            var reports = await app.Services.GetRequiredService<OnlineReportService>().ReportsAsync(TimeSpan.FromHours(1), null, CancellationToken.None);
            var readFor = reading.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{future.Count:N0} shoppers active in the last 30 days asked {visits} time(s) each; {replies.Count:N0} replayed clicks and purchases; the reports took {readFor.TotalMilliseconds:N0} ms"));
            static string Against(ComparisonDto? c) =>
                c is null ? "control" : string.Create(CultureInfo.InvariantCulture, $"{c.Difference:+0.000;-0.000} ({c.Lower:+0.000;-0.000} to {c.Upper:+0.000;-0.000}), p {c.PValue:0.0000}; at every look {c.AnytimeLower:+0.000;-0.000} to {c.AnytimeUpper:+0.000;-0.000}, p {c.AnytimePValue:0.0000}{(c.VarianceReduction is { } r ? $"; variance removed {r:P0}" : "")}");
            foreach (var report in reports)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Name} (layer {report.Layer}, traffic {report.Traffic:0.##}):"));
                Console.WriteLine("| variant | recommender | explore share | slates | clicked | click rate | converted | conversion rate | click rate vs control (95% interval, p) | conversion rate vs control | revenue per slate | vs control |");
                Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
                foreach (var v in report.Variants)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {v.Name} | {v.Recommender} | {(v.ExploreShare is { } share ? share.ToString("0.##", CultureInfo.InvariantCulture) : "default")} | {v.Slates} | {v.ClickedSlates} | {v.ClickRate:0.000} | {v.ConvertedSlates} | {v.ConversionRate:0.000} | {Against(v.ClickVsControl)} | {Against(v.ConversionVsControl)} | {v.RevenuePerSlate:0.00} | {Against(v.RevenueVsControl)} |"));
                }
            }

            var online = await app.Services.GetRequiredService<OnlineReportService>().OnlineAsync(TimeSpan.FromHours(1), null, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"online evaluation (GET /v1/admin/online), both arms: exploit slots {online.Exploit.Taken}/{online.Exploit.Shown} taken ({online.Exploit.TakeRate:0.000}), explore slots {online.Explore.Taken}/{online.Explore.Shown} ({online.Explore.TakeRate:0.000}); explore - exploit {Against(online.ExploreVsExploit)}"));
            await app.StopAsync();
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
