using System.Globalization;
using System.Text;
using Penchant.Core.Audiences;
using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Ease;
using Penchant.Core.Recommenders.ItemKnn;

namespace Penchant.Bench;

/// <summary>
/// Audiences on MovieLens 100K: each shopper's oldest 80% of ratings train the model and their next 5 ratings are
/// what they do next (the same number for everyone, so that activity alone does not make a shopper right); each of the 18 genres is a target ("a campaign for Westerns"), and an audience member is right if
/// they rate a movie of the genre next. Precision of audiences of 50 shoppers and
/// R-precision (as many shoppers as turned out right), averaged over genres, for Penchant's audiences
/// (<see cref="AudienceBuilder"/> over EASE and item-kNN) against three baselines a marketer would use: the shoppers
/// with most past ratings of the genre, those with the largest share of the genre, and the most active. Then the same
/// among prospects (no past rating of the genre), where the past-genre baselines cannot rank. Arguments: [data
/// directory] (default $PENCHANT_DATA or /work/shared/data).
/// </summary>
public sealed class AudienceBench : IBench
{
    private static readonly string[] Genres =
    [
        "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    private const int Next = 5;

    public string Name => "audiences";

    public string Description => "ML-100K audiences per genre, each shopper's next 5 ratings after their first 80% held out: Penchant's audiences against past-genre, genre-share and activity baselines";

    public Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var dir = Path.Combine(
            args.FirstOrDefault(static a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Environment.GetEnvironmentVariable("PENCHANT_DATA") ?? "/work/shared/data",
            "movielens-100k");
        var ratings = File.ReadLines(Path.Combine(dir, "u.data"))
            .Select(static l => l.Split('\t'))
            .Select(static f => (User: f[0], Item: f[1], Time: long.Parse(f[3], CultureInfo.InvariantCulture)))
            .OrderBy(static r => r.Time)
            .ToList();
        var genresOf = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(dir, "u.item"), Encoding.Latin1))
        {
            var f = line.Split('|');
            genresOf[f[0]] = [.. Enumerable.Range(0, Genres.Length).Where(g => f[6 + g] == "1")];
        }

        // Each shopper's next Next ratings after the first 80% are what they do once the campaign starts: the same
        // number for everyone, so that a busy shopper is not more likely to be right only for being busy.
        var users = new IdMap();
        var items = new IdMap();
        foreach (var r in ratings)
        {
            users.GetOrAdd(r.User);
            items.GetOrAdd(r.Item);
        }

        var before = new List<Interaction>();
        var later = new HashSet<int>[users.Count];
        foreach (var history in ratings.GroupBy(static r => r.User, StringComparer.Ordinal))
        {
            var ordered = history.ToList(); // already in time order
            var keep = (int)(ordered.Count * 0.8);
            var u = users.IndexOf(history.Key);
            later[u] = [];
            for (var k = 0; k < ordered.Count; k++)
            {
                var i = items.IndexOf(ordered[k].Item);
                if (k < keep)
                {
                    before.Add(new Interaction(u, i, 1f, ordered[k].Time));
                }
                else if (k < keep + Next)
                {
                    later[u].Add(i);
                }
            }
        }

        var train = InteractionData.FromInteractions(before, users, items);
        var population = Enumerable.Range(0, users.Count).Where(u => later[u].Count > 0 && train.Matrix.RowLength(u) > 0).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ratings.Count:N0} ratings; each of {population.Length} shoppers' oldest 80% train, their next {Next} ratings are what they do next"));
        var context = new TrainingContext(42);
        var models = new (string Name, IRecommenderModel Model)[]
        {
            ("audience over EASE (λ 500)", new EaseRecommender(new EaseOptions(500f)).Fit(train, context)),
            ("audience over item-kNN", new ItemKnnRecommender().Fit(train, context)),
        };

        foreach (var prospects in new[] { false, true })
        {
            var methods = new Dictionary<string, (double P50, double RPrecision, int Genres)>(StringComparer.Ordinal);
            foreach (var genreIndex in Enumerable.Range(0, Genres.Length))
            {
                var target = Enumerable.Range(0, items.Count).Where(i => genresOf.TryGetValue(items[i], out var g) && g.Contains(genreIndex)).ToArray();
                var isTarget = new bool[items.Count];
                foreach (var i in target)
                {
                    isTarget[i] = true;
                }

                int PastCount(int u)
                {
                    var n = 0;
                    foreach (var i in train.Matrix.RowColumns(u))
                    {
                        n += isTarget[i] ? 1 : 0;
                    }

                    return n;
                }

                var candidates = population.Where(u => !prospects || PastCount(u) == 0).ToArray();
                var truth = candidates.Where(u => later[u].Any(i => isTarget[i])).ToHashSet();
                if (truth.Count < 5)
                {
                    continue;
                }

                var candidate = new bool[users.Count];
                foreach (var u in candidates)
                {
                    candidate[u] = true;
                }

                var rankings = new List<(string Name, int[] Ranked)>();
                foreach (var (name, model) in models)
                {
                    var audience = new AudienceBuilder(new AudienceOptions(Depth: 50, Size: candidates.Length)).Build(model, train, target, u => candidate[u], context.Cancellation);
                    rankings.Add((name, [.. audience.Select(static m => m.User)]));
                }

                if (!prospects)
                {
                    rankings.Add(("baseline: most past ratings of the genre", [.. candidates.OrderByDescending(PastCount).ThenByDescending(u => train.Matrix.RowLength(u)).ThenBy(static u => u)]));
                    rankings.Add(("baseline: largest share of the genre", [.. candidates.OrderByDescending(u => (double)PastCount(u) / train.Matrix.RowLength(u)).ThenBy(static u => u)]));
                }

                rankings.Add(("baseline: most active", [.. candidates.OrderByDescending(u => train.Matrix.RowLength(u)).ThenBy(static u => u)]));
                foreach (var (name, ranked) in rankings)
                {
                    double Precision(int n) => ranked.Take(n).Count(truth.Contains) / (double)n;
                    var (p, r, g) = methods.GetValueOrDefault(name);
                    methods[name] = (p + Precision(50), r + Precision(truth.Count), g + 1);
                }
            }

            Console.WriteLine();
            Console.WriteLine(prospects ? "Prospects only (no earlier rating of the genre):" : "All shoppers:");
            Console.WriteLine("| audience | genres | precision of 50 | R-precision |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (name, (p, r, g)) in methods)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {g} | {p / g:0.000} | {r / g:0.000} |"));
            }
        }

        return Task.FromResult(0);
    }
}
