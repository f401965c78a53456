using System.Diagnostics;
using System.Globalization;
using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Ease;
using Penchant.Core.Search;
using Penchant.Core.Synthetic;

namespace Penchant.Bench;

/// <summary>
/// Catalogue search on the generated shop (the demo's: 3,000 items in English and Chinese, 2,000 shoppers), whose
/// shoppers search for a category of theirs and then view items of it, favouring the brands they like. EASE (λ 500) is
/// fitted on the first 80% of the time span; for every later search, the items the shopper viewed or clicked next
/// (up to their next search) are the relevant ones, and the text matches are ranked by their BM25F relevance plus w
/// times the shopper's own EASE score from everything they did before the search (both scaled so that the best is 1),
/// as <c>GET /v1/search?user=</c> does. Prints hit rate, MRR and NDCG at 10 for several w, then the index's build time
/// and query latency there and on a 100,000-item catalogue (plain, with typos, with synonyms, and completions).
/// Arguments: --seed N (default 42).
/// </summary>
public sealed class SearchBench : IBench
{
    private static readonly double[] Weights = [0, 0.1, 0.3, 1, 3];

    private static readonly double[] PopularityWeights = [0.05, 0.1, 0.3];

    private static readonly double[] EngagementWeights = [0.5, 1, 2, 4];

    public string Name => "search";

    public string Description => "catalogue search on the generated shop: text alone vs personalised (hit rate, MRR, NDCG@10), index build and query time";

    public Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        long seed = BenchArgs.Parse(args).GetInt("seed", 42);
        var shop = new ShopGenerator(new ShopGeneratorOptions { Seed = seed }).Generate();
        var items = new IdMap(shop.Items.Select(static i => i.Id));
        var users = new IdMap(shop.Users.Select(static u => u.Id));
        var events = shop.Events.OrderBy(static e => e.Timestamp).ThenBy(static e => e.EventId, StringComparer.Ordinal).ToList();
        var cut = events[(int)(events.Count * 0.8)].Timestamp;

        var training = events.Where(e => e.Timestamp < cut && Weight(e.Type) > 0 && e.ItemId is not null)
            .Select(e => new Interaction(users.IndexOf(e.UserId), items.IndexOf(e.ItemId!), Weight(e.Type), e.Timestamp.ToUnixTimeSeconds()))
            .ToList();
        var model = new EaseRecommender(new EaseOptions(500f)).Fit(InteractionData.FromInteractions(training, users, items), new TrainingContext((int)seed));
        var build = Stopwatch.StartNew();
        var index = ItemSearchIndex.Build(shop.Items);
        build.Stop();

        // Every search after the cut, with what the shopper viewed or clicked next, up to their next search.
        var byUser = events.GroupBy(static e => e.UserId, StringComparer.Ordinal).ToDictionary(static g => g.Key, static g => g.ToList(), StringComparer.Ordinal);
        var cases = new List<(string Text, int[] Relevant, UserQuery History)>();
        foreach (var (user, own) in byUser)
        {
            for (var e = 0; e < own.Count; e++)
            {
                if (own[e].Type != EventType.Search || own[e].Timestamp < cut || string.IsNullOrWhiteSpace(own[e].Text))
                {
                    continue;
                }

                var relevant = own.Skip(e + 1).TakeWhile(static x => x.Type != EventType.Search)
                    .Where(static x => x.Type is EventType.View or EventType.Click && x.ItemId is not null)
                    .Select(x => items.IndexOf(x.ItemId!)).Distinct().ToArray();
                var history = own.Take(e).Where(static x => Weight(x.Type) > 0 && x.ItemId is not null).Select(x => items.IndexOf(x.ItemId!)).ToList();
                if (relevant.Length > 0 && history.Count > 0)
                {
                    cases.Add((own[e].Text!, relevant, UserQuery.FromSequence(users.IndexOf(user), history)));
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated shop, seed {seed}: {shop.Items.Count} items, {shop.Users.Count} shoppers, {events.Count} events; EASE λ 500 on the {training.Count} interactions before {cut:yyyy-MM-dd}; {cases.Count} later searches with views after them"));
        Console.WriteLine();
        Console.WriteLine("| ranking | hit rate@10 | MRR@10 | NDCG@10 |");
        Console.WriteLine("|---|---|---|---|");
        var personal = new float[items.Count];
        var totals = new double[Weights.Length + 1 + PopularityWeights.Length + 1, 3];

        // Popularity: shoppers per item before the cut, scaled so that the best is 1.
        var popularity = new double[items.Count];
        foreach (var group in training.GroupBy(static t => t.Item))
        {
            popularity[group.Key] = group.Select(static t => t.User).Distinct().Count();
        }

        var mostPopular = popularity.Max();
        for (var i = 0; i < popularity.Length; i++)
        {
            popularity[i] /= mostPopular;
        }

        // What shoppers chose after each search before the cut.
        // --engagement-days N: only the last N days of searches before the cut (the server's SearchEngagementDays); 0: all.
        var days = BenchArgs.Parse(args).GetInt("engagement-days", 0);
        var engagementBuilder = new SearchEngagementBuilder(items, SearchEngagementOptions.Default with { Recent = days > 0 ? TimeSpan.FromDays(days) : null });
        foreach (var e in events.Where(e => e.Timestamp < cut))
        {
            engagementBuilder.Add(e);
        }

        var engagement = engagementBuilder.Build();
        var engaged = new double[EngagementWeights.Length * 2, 3];
        var latencies = new List<double>(cases.Count);
        foreach (var (text, relevant, history) in cases)
        {
            var clock = Stopwatch.StartNew();
            var found = index.Search(text, 1_000);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            if (found.Hits.Count == 0)
            {
                continue;
            }

            model.Score(history, personal);
            var best = personal.Max();
            var relevantSet = relevant.ToHashSet();
            for (var w = 0; w < totals.GetLength(0); w++)
            {
                // After the weights: the text's matches by the shopper's score alone, then text plus popularity (anonymous).
                var (textWeight, personalWeight, popularityWeight) = w < Weights.Length ? (1.0, Weights[w], 0.0)
                    : w == Weights.Length ? (0.0, 1.0, 0.0)
                    : w - Weights.Length - 1 < PopularityWeights.Length ? (1.0, 0.0, PopularityWeights[w - Weights.Length - 1])
                    : (1.0, 0.3, 0.1);
                var ranked = found.Hits
                    .Select(h => (h.Item, Score: (textWeight * h.Score / found.Hits[0].Score) + (personalWeight * (best > 0 ? Math.Max(0, personal[h.Item] / best) : 0)) + (popularityWeight * popularity[h.Item])))
                    .OrderByDescending(static r => r.Score).ThenBy(static r => r.Item).Take(10).Select(static r => r.Item).ToList();
                var first = ranked.FindIndex(relevantSet.Contains);
                totals[w, 0] += first >= 0 ? 1 : 0;
                totals[w, 1] += first >= 0 ? 1.0 / (first + 1) : 0;
                var dcg = ranked.Select((item, r) => relevantSet.Contains(item) ? 1 / Math.Log2(r + 2) : 0).Sum();
                var ideal = Enumerable.Range(0, Math.Min(10, relevant.Length)).Sum(static r => 1 / Math.Log2(r + 2));
                totals[w, 2] += dcg / ideal;
            }

            // The same with what shoppers chose after the search added (those items join the matches), for a shopper at the
            // server's defaults and for an anonymous one.
            var (_, chosen) = engagement.For(text);
            for (var w = 0; w < engaged.GetLength(0); w++)
            {
                var (personalWeight, engagementWeight) = (w % 2 == 0 ? 0.3 : 0.0, EngagementWeights[w / 2]);
                var scores = new Dictionary<int, double>();
                foreach (var h in found.Hits)
                {
                    scores[h.Item] = (h.Score / found.Hits[0].Score) + (personalWeight * (best > 0 ? Math.Max(0, personal[h.Item] / best) : 0)) + (0.1 * popularity[h.Item]);
                }

                foreach (var c in chosen)
                {
                    scores[c.Item] = scores.GetValueOrDefault(c.Item, (personalWeight * (best > 0 ? Math.Max(0, personal[c.Item] / best) : 0)) + (0.1 * popularity[c.Item]))
                        + (engagementWeight * c.Share);
                }

                var ranked = scores.OrderByDescending(static r => r.Value).ThenBy(static r => r.Key).Take(10).Select(static r => r.Key).ToList();
                var first = ranked.FindIndex(relevantSet.Contains);
                engaged[w, 0] += first >= 0 ? 1 : 0;
                engaged[w, 1] += first >= 0 ? 1.0 / (first + 1) : 0;
                var dcg = ranked.Select((item, r) => relevantSet.Contains(item) ? 1 / Math.Log2(r + 2) : 0).Sum();
                engaged[w, 2] += dcg / Enumerable.Range(0, Math.Min(10, relevant.Length)).Sum(static r => 1 / Math.Log2(r + 2));
            }
        }

        for (var w = 0; w < totals.GetLength(0); w++)
        {
            var label = w == totals.GetLength(0) - 1 ? "text + 0.3 × shopper + 0.1 × popularity (the server's defaults)"
                : w > Weights.Length ? string.Create(CultureInfo.InvariantCulture, $"text + {PopularityWeights[w - Weights.Length - 1]} × popularity (no shopper)")
                : w == Weights.Length ? "the shopper's score alone (over the text's matches)"
                : Weights[w] == 0 ? "text alone" : string.Create(CultureInfo.InvariantCulture, $"text + {Weights[w]} × shopper");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {totals[w, 0] / cases.Count:0.000} | {totals[w, 1] / cases.Count:0.000} | {totals[w, 2] / cases.Count:0.000} |"));
        }

        for (var w = 0; w < engaged.GetLength(0); w++)
        {
            var who = w % 2 == 0 ? "text + 0.3 × shopper + 0.1 × popularity" : "text + 0.1 × popularity (no shopper)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {who} + {EngagementWeights[w / 2]} × chosen after the search | {engaged[w, 0] / cases.Count:0.000} | {engaged[w, 1] / cases.Count:0.000} | {engaged[w, 2] / cases.Count:0.000} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"chosen after the search: {engagement.QueryCount} queries searched before the cut with items at least 2 shoppers chose within 30 minutes"));
        Console.WriteLine();
        Console.WriteLine("| catalogue | index build | query p50 | query p99 |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(Latency($"{shop.Items.Count:N0} items, the shop's own searches", build.Elapsed, latencies));

        var big = new ShopGenerator(new ShopGeneratorOptions { Seed = seed, ItemCount = 100_000, ShopperCount = 10, EventsPerShopper = 10 }).Generate();
        build.Restart();
        var bigIndex = ItemSearchIndex.Build(big.Items);
        build.Stop();
        var random = new Random((int)seed);
        var bigLatencies = new List<double>();
        var typoLatencies = new List<double>();
        var corrected = 0;
        for (var q = 0; q < 4_000; q++)
        {
            var title = big.Items[random.Next(big.Items.Count)].Title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var words = title.Skip(random.Next(Math.Max(1, title.Length - 1))).Take(1 + random.Next(2)).ToArray();
            var typo = q % 2 == 1 && words[0].Length >= 5 && words[0].All(char.IsAsciiLetter);
            if (typo)
            {
                // Two neighbouring letters swapped in the first word.
                var swap = 1 + random.Next(words[0].Length - 2);
                var letters = words[0].ToCharArray();
                (letters[swap], letters[swap + 1]) = (letters[swap + 1], letters[swap]);
                words[0] = new string(letters);
            }

            var clock = Stopwatch.StartNew();
            var result = bigIndex.Search(string.Join(' ', words), 1_000);
            (typo ? typoLatencies : bigLatencies).Add(clock.Elapsed.TotalMilliseconds);
            corrected += typo && result.Corrections.Count > 0 ? 1 : 0;
        }

        Console.WriteLine(Latency($"{big.Items.Count:N0} items, 1-2 words of random titles", build.Elapsed, bigLatencies));
        Console.WriteLine(Latency($"{big.Items.Count:N0} items, the same with two letters of the first word swapped ({corrected} of {typoLatencies.Count} corrected)", build.Elapsed, typoLatencies));

        // Synonyms: 1,000 two-way sets, each a title word with another (half the time a two-word phrase); queries whose
        // first word is an entry, with a title word after it half the time, searched with and without the sets.
        var vocabulary = big.Items.SelectMany(static i => i.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(static w => w.Length > 3 && w.All(char.IsAsciiLetter)).Select(static w => w.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray();
        var tokenizer = new Penchant.Core.Text.TextTokenizer();
        var sets = new List<SynonymSet>();
        while (sets.Count < 1_000)
        {
            string Word() => vocabulary[random.Next(vocabulary.Length)];
            string[] words = [Word(), random.Next(2) == 0 ? Word() : Word() + " " + Word()];
            if (SynonymSet.Problems(words, tokenizer).Count == 0)
            {
                sets.Add(new SynonymSet(words));
            }
        }

        build.Restart();
        var synonyms = SearchSynonyms.Build(sets);
        build.Stop();
        var (withSynonyms, without, typedOut) = (new List<double>(), new List<double>(), new List<double>());
        for (var q = 0; q < 4_000; q++)
        {
            var title = big.Items[random.Next(big.Items.Count)].Title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var set = sets[random.Next(sets.Count)];
            var rest = q % 2 == 0 ? " " + title[random.Next(title.Length)] : "";
            var clock = Stopwatch.StartNew();
            bigIndex.Search(set.Words[0] + rest, 1_000, synonyms);
            withSynonyms.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            bigIndex.Search(set.Words[0] + rest, 1_000);
            without.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            bigIndex.Search(string.Join(' ', set.Words) + rest, 1_000);
            typedOut.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(Latency($"{big.Items.Count:N0} items, a synonym entry (of 1,000 two-way sets; build: reading the sets) and half the time a title word", build.Elapsed, withSynonyms));
        Console.WriteLine(Latency($"{big.Items.Count:N0} items, the same queries without the sets", TimeSpan.Zero, without));
        Console.WriteLine(Latency($"{big.Items.Count:N0} items, the same with every word of the set typed instead (a plain search)", TimeSpan.Zero, typedOut));

        // Completions as typed: the first 1-3 letters of a title word, after the word before it half the time.
        var suggestLatencies = new List<double>();
        for (var q = 0; q < 2_000; q++)
        {
            var title = big.Items[random.Next(big.Items.Count)].Title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = random.Next(title.Length);
            var partial = title[at][..Math.Min(title[at].Length, 1 + random.Next(3))];
            var typed = at > 0 && q % 2 == 0 ? title[at - 1] + " " + partial : partial;
            var clock = Stopwatch.StartNew();
            bigIndex.Suggest(typed, 8);
            suggestLatencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(Latency($"{big.Items.Count:N0} items, 8 completions of 1-3 typed letters (after a word half the time)", build.Elapsed, suggestLatencies));
        return Task.FromResult(0);
    }

    private static float Weight(EventType type) => type switch
    {
        EventType.View or EventType.Click => 1f,
        EventType.AddToCart or EventType.Like => 2f,
        EventType.Purchase => 3f,
        _ => 0f,
    };

    private static string Latency(string label, TimeSpan build, List<double> milliseconds)
    {
        milliseconds.Sort();
        double At(double q) => milliseconds[Math.Min(milliseconds.Count - 1, (int)(q * milliseconds.Count))];
        return string.Create(CultureInfo.InvariantCulture, $"| {label} | {build.TotalSeconds:0.00} s | {At(0.5):0.000} ms | {At(0.99):0.000} ms |");
    }
}
