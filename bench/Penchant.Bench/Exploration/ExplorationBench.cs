using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Penchant.Core.Clustering;
using Penchant.Core.Data;
using Penchant.Core.Evaluation;
using Penchant.Core.Exploration;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.SasRec;
using Penchant.Storage.Datasets;

namespace Penchant.Bench.Exploration;

/// <summary>
/// Novel-cluster hit rate and the NDCG cost of exploring, on a leave-last-one-out (per-user time) split of a
/// real data set, for every exploit model against the same model with a share of slots exploring.
/// </summary>
/// <remarks>
/// Clusters: MovieLens 100K uses each film's first listed genre (u.item); Amazon Beauty uses, per item, the
/// least common of its S3-Rec attribute ids that at least 50 items share (a specific but populated category),
/// falling back to its most common attribute. With --clusters interest (--interest-k K) both use Penchant's own
/// interest clusters instead, fitted per fold on that fold's training sequences only. Hyperparameters are chosen
/// on a validation split carved from training (the second-last item), never on the test items: the exploit
/// model's by <see cref="ModelSelector"/>,
/// then the exploration settings (lists: --diversify β, --affinity γ, --sharpness α of the per-shopper budget,
/// 0 = flat share; --blend w of the cluster-sequence SASRec; --mmr λ of the exploit slots; --cooc c of the cluster
/// co-occurrence model; --mass δ of the exploit score mass per cluster; --item-smoothing s of the item-level
/// back-off, or off; --gain off,on: the budget by marginal gain; --learned off or the sharpness of a learned cluster
/// ranker (<see cref="ClusterRanker"/>) that replaces the product of those signals; --coverage μ: novel-cluster coverage
/// of the exploit slots, learned ranker only) as the one with the
/// highest validation novel-cluster hit rate among those within a 5% validation NDCG cost. Only that setting
/// runs on the test fold. The explore share counts explore slots actually filled over all slots shown. The learned
/// ranker never sees the labels of the fold it is measured on: the test run's is fitted on the validation fold's
/// held-out choices, the validation run's on an earlier carve (each validation training sequence's last item).
/// </remarks>
public sealed class ExplorationBench : IBench
{
    public string Name => "explore";

    public string Description => "novel-cluster hit rate vs NDCG cost of exploring (--format beauty|movielens --data F --clusters F)";

    public Task<int> RunAsync(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var format = options.Get("format", "movielens");
        var data = options.Require("data");
        var clustersPath = options.Require("clusters");
        var share = double.Parse(options.Get("share", "0.2"), CultureInfo.InvariantCulture);
        var k = int.Parse(options.Get("k", "10"), CultureInfo.InvariantCulture);
        var affinities = options.Get("affinity", "1").Split(',').Select(a => double.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var models = options.Get("models", "popularity,itemknn").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (!DatasetReader.TryParseFormat(format, out var datasetFormat))
        {
            Console.Error.WriteLine($"unknown --format '{format}'");
            return Task.FromResult(2);
        }

        var clock = Stopwatch.StartNew();
        var records = DatasetReader.Read(datasetFormat, data);
        var split = EvaluationSplit.Build(records, new LeaveLastOutSplitter(), withValidation: true);
        var interestK = int.Parse(options.Get("interest-k", "40"), CultureInfo.InvariantCulture);
        var interestSeed = int.Parse(options.Get("interest-seed", "42"), CultureInfo.InvariantCulture);
        ClusterMap? fixedClusters = null;
        if (!string.Equals(clustersPath, "interest", StringComparison.OrdinalIgnoreCase))
        {
            var labels = format.StartsWith("movielens", StringComparison.OrdinalIgnoreCase)
                ? MovieLensGenres(clustersPath)
                : BeautyAttributeClusters(clustersPath, int.Parse(options.Get("min-cluster-size", "50"), CultureInfo.InvariantCulture));
            fixedClusters = ClusterMap.FromLabels([.. Enumerable.Range(0, split.Items.Count).Select(i => labels.GetValueOrDefault(split.Items[i]))]);
        }

        // --clusters interest: Penchant's own interest clusters (item2vec over the fold's training sequences, no
        // text, spherical k-means), fitted per fold, so the held-out items' positions never shape them.
        ClusterMap ClustersFor(EvaluationFold fold, string name) => fixedClusters ?? FitInterestClusters(fold, split.Items, interestK, interestSeed, name);
        var clusterDescription = fixedClusters is null ? $"interest clusters (k = {interestK}, seed {interestSeed}, fitted per fold on its training sequences)" : $"{fixedClusters.ClusterCount} clusters";
        var grid = (
            from beta in Doubles(options.Get("diversify", "0.5"))
            from gamma in affinities
            from alpha in Doubles(options.Get("sharpness", "0"))
            from weight in Doubles(options.Get("blend", "0"))
            from mmr in Doubles(options.Get("mmr", "1"))
            from cooc in Doubles(options.Get("cooc", "0"))
            from mass in Doubles(options.Get("mass", "0"))
            from itemSmoothing in options.Get("item-smoothing", "off").Split(',').Select(a => a == "off" ? (double?)null : double.Parse(a, CultureInfo.InvariantCulture))
            from gain in options.Get("gain", "off").Split(',').Select(a => a == "on")
            from learned in options.Get("learned", "off").Split(',').Select(a => a == "off" ? (double?)null : double.Parse(a, CultureInfo.InvariantCulture))
            from coverage in Doubles(options.Get("coverage", "0"))
            select new Setting(beta, gamma, alpha, weight, mmr, cooc, mass, itemSmoothing, gain, learned, coverage)).ToList();
        var learnedSmoothing = double.Parse(options.Get("learned-smoothing", "5"), CultureInfo.InvariantCulture);
        var ranker = new ClusterRankerOptions(L2: double.Parse(options.Get("learned-l2", "0.0001"), CultureInfo.InvariantCulture));
        var anyLearned = grid.Any(g => g.Learned is not null);
        var cooccurrence = new ClusterCooccurrenceOptions(double.Parse(options.Get("cooc-lambda", "50"), CultureInfo.InvariantCulture));
        var sasrec = new SasRecOptions(
            Dimensions: int.Parse(options.Get("sasrec-dims", "32"), CultureInfo.InvariantCulture),
            Blocks: 1,
            Heads: 1,
            MaxLength: 20,
            Dropout: 0.2f,
            Epochs: int.Parse(options.Get("sasrec-epochs", "20"), CultureInfo.InvariantCulture),
            Threads: 1);
        Console.WriteLine($"{format}: {records.Count:N0} records, {split.Users.Count:N0} users, {split.Items.Count:N0} items, {clusterDescription}; explore share {share:P0}, K={k}; {grid.Count} exploration settings chosen on the validation fold");
        var selector = new ModelSelector(new Evaluator(new EvaluationOptions(K: k)));
        var chosenModels = models.Select(name =>
        {
            var entry = ModelCatalog.Find(name) ?? throw new ArgumentException($"unknown model '{name}'");
            return (Name: name, Selection: selector.Select(entry, split));
        }).ToList();
        var validationFold = split.Validation ?? throw new InvalidOperationException("validation fold required");
        var validation = new FoldContext(validationFold, ClustersFor(validationFold, "validation"), sasrec, cooccurrence, grid, learnedSmoothing);
        var testFold = new FoldContext(split.Test, ClustersFor(split.Test, "test"), sasrec, cooccurrence, grid, learnedSmoothing);
        // --learned: the cluster ranker for the validation run learns from an earlier carve (each validation-fold
        // training sequence's last item held out); the one for the test run from the validation fold's held-out items.
        var inner = anyLearned ? InnerCarve(validationFold) : null;
        var innerContext = inner is null ? null : new FoldContext(inner, ClustersFor(inner, "inner carve"), sasrec, cooccurrence, grid, learnedSmoothing);
        var coveredSlots = k - (int)Math.Round(k * share, MidpointRounding.AwayFromZero);
        Console.WriteLine($"{"fold",-10} {"model",-12} {"β",4} {"γ",4} {"α",4} {"w",4} {"λ",4} {"c",4} {"δ",4} {"s",4} {"g",4} {"L",4} {"μ",4} {"NDCG exploit",13} {"NDCG explore",13} {"cost",7} {"novel hit exploit",18} {"novel hit explore",18} {"explore slots",14} {"explore share",14}");
        var rows = new List<(string Model, string Config, Setting Setting, ExplorationEvaluation Result)>();
        foreach (var (name, selection) in chosenModels)
        {
            var validationModel = selection.Best.Recommender.Fit(validation.Fold.Train, new TrainingContext(Seed: 42));
            if (innerContext is not null)
            {
                var innerModel = selection.Best.Recommender.Fit(innerContext.Fold.Train, new TrainingContext(Seed: 42));
                validation.Learn(innerContext, innerModel, coveredSlots, ranker, $"{name}, validation run (labels: inner carve)");
                testFold.Learn(validation, validationModel, coveredSlots, ranker, $"{name}, test run (labels: validation fold)");
            }

            var candidates = grid.Select(setting =>
            {
                var result = validation.Evaluate(validationModel, setting, k, share);
                Print("validation", name, setting, result);
                return (Setting: setting, Result: result);
            }).ToList();
            var within = candidates.Where(c => c.Result.NdcgCost <= 0.05).ToList();
            var chosen = within.Count > 0 ? within.MaxBy(c => c.Result.HitsExplore.Rate) : candidates.MinBy(c => c.Result.NdcgCost);
            var model = selection.Best.Recommender.Fit(testFold.Fold.Train, new TrainingContext(Seed: 42));
            if (options.Get("dump", "") is { Length: > 0 } dumpPath)
            {
                Dump(dumpPath + "." + name + ".csv", model, testFold.Fold, testFold.Clusters);
            }
            var test = testFold.Evaluate(model, chosen.Setting, k, share);
            Print("test", name, chosen.Setting, test);
            rows.Add((name, selection.Best.Label, chosen.Setting, test));
        }

        var bestExploitHits = rows.Max(r => r.Result.HitsExploit.Rate);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"eligible test shoppers (next item in a cluster new to them): {rows[0].Result.HitsExploit.Eligible:N0} of {rows[0].Result.Users:N0}; best exploit-only novel hit rate {bestExploitHits:F4}"));
        foreach (var (name, config, setting, result) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"test, {name} ({Truncate(config, 60)}), {setting}: novel-cluster hit rate {result.HitsExplore.Rate:F4} = {result.HitsExplore.Rate / Math.Max(bestExploitHits, 1e-12):F2}x the best exploit-only, NDCG cost {result.NdcgCost:P1} ± {result.NdcgCostStandardError:P1} (standard error), explore slots {result.ExploreSlotShare:P1} of all slots"));
        }

        Console.WriteLine($"time {clock.Elapsed.TotalSeconds:F1} s");
        return Task.FromResult(0);
    }

    /// <summary>Per test shopper: history features, exploit scores at fixed ranks, the held-out item's rank and whether it opens a new cluster (--dump F).</summary>
    private static void Dump(string path, IRecommenderModel model, EvaluationFold fold, ClusterMap clusters)
    {
        var budget = ExplorationBudget.Fit(fold.Train.Sequences, clusters);
        using var w = new StreamWriter(path);
        w.WriteLine("user,len,distinct,chance,rank,s1,s9,s10,s20,s50,top10sum,allsum,novelrank,nextnovel");
        var scores = new float[fold.Train.ItemCount];
        for (var u = 0; u < fold.HeldOut.Count; u++)
        {
            if (fold.HeldOut[u].Length == 0 || fold.HeldOut[u][0] >= fold.Train.ItemCount)
            {
                continue;
            }

            var q = UserQuery.FromTraining(fold.Train, u);
            model.Score(q, scores);
            foreach (var i in q.Items)
            {
                scores[i] = float.NegativeInfinity;
            }

            var top = Penchant.Core.Numerics.TopK.Select(scores, 200);
            if (top.Length < 50)
            {
                continue;
            }

            var target = fold.HeldOut[u][0];
            var rank = Array.FindIndex(top, t => t.Item == target);
            var seen = new HashSet<int>(clusters.ClustersOf(q.Sequence));
            var novelRank = Array.FindIndex(top, t => !seen.Contains(clusters.ClusterOf(t.Item)));
            var finite = scores.Where(float.IsFinite).Sum();
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{u},{q.Sequence.Length},{seen.Count},{budget.NoveltyChance(q.Sequence):F4},{rank},{top[0].Score},{top[8].Score},{top[9].Score},{top[19].Score},{top[49].Score},{top.Take(10).Sum(t => t.Score)},{finite},{novelRank},{(seen.Contains(clusters.ClusterOf(target)) ? 0 : 1)}"));
        }
    }

    private static double[] Doubles(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => double.Parse(a, CultureInfo.InvariantCulture))];

    private static void Print(string fold, string model, Setting s, ExplorationEvaluation r) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{fold,-10} {model,-12} {s.Diversify,4} {s.Affinity,4} {s.Sharpness,4} {s.Blend,4} {s.Mmr,4} {s.Cooccurrence,4} {s.Mass,4} {s.ItemSmoothing?.ToString(CultureInfo.InvariantCulture) ?? "off",4} {(s.Gain ? "on" : "off"),4} {s.Learned?.ToString(CultureInfo.InvariantCulture) ?? "off",4} {s.Coverage,4} {r.NdcgExploit,13:F4} {r.NdcgExplore,13:F4} {r.NdcgCost,7:P1} {r.HitsExploit.Rate,18:F4} {r.HitsExplore.Rate,18:F4} {r.HitsExploreSlots.Rate,14:F4} {r.ExploreSlotShare,14:P1}"));

    /// <summary>
    /// One exploration setting: diversify β, item affinity γ, budget sharpness α (0 = flat share), sequence-model
    /// blend w, MMR relevance weight λ of the exploit slots (1 = plain relevance order), cluster co-occurrence
    /// blend c, exponent δ of the exploit model's score mass per cluster, item-level back-off pseudo-count s of
    /// the transition model (null = clusters only), and whether the budget allocates slots by marginal gain
    /// (<see cref="ExplorationBudget.WithPredictor"/>: the predictor's confidence times the novelty chance^α), and the
    /// sharpness of the learned cluster ranker that replaces the product of β, γ, c, δ, s, w (null = the product), and
    /// the weight μ of novel-cluster coverage in the exploit slots (xQuAD-style, learned ranker only).
    /// </summary>
    private sealed record Setting(double Diversify, double Affinity, double Sharpness, double Blend, double Mmr, double Cooccurrence, double Mass, double? ItemSmoothing, bool Gain, double? Learned, double Coverage)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"β={Diversify} γ={Affinity} α={Sharpness} w={Blend} λ={Mmr} c={Cooccurrence} δ={Mass} s={ItemSmoothing?.ToString(CultureInfo.InvariantCulture) ?? "off"} g={(Gain ? "on" : "off")} L={Learned?.ToString(CultureInfo.InvariantCulture) ?? "off"} μ={Coverage}");
    }

    /// <summary>
    /// An earlier carve inside a fold's training data: each training sequence of at least three items gives up its
    /// last item as the held-out one (so, inside the validation fold, the third-last item of the full history).
    /// </summary>
    private static EvaluationFold InnerCarve(EvaluationFold fold)
    {
        var sequences = new List<int[]>(fold.Train.Sequences.Count);
        var heldOut = new List<int[]>(fold.Train.Sequences.Count);
        foreach (var sequence in fold.Train.Sequences)
        {
            var cut = sequence.Length >= 3;
            sequences.Add(cut ? sequence[..^1] : sequence);
            heldOut.Add(cut ? [sequence[^1]] : []);
        }

        return new EvaluationFold(InteractionData.FromSequences(sequences, fold.Train.ItemCount, fold.Train.Users, fold.Train.Items), heldOut);
    }

    /// <summary>A fold's held-out pairs and the exploration parts learned from its training sequences only.</summary>
    private sealed class FoldContext
    {
        private readonly Dictionary<(double Diversify, double? ItemSmoothing), NovelClusterPredictor> _predictors = [];
        private readonly NextInterestModel? _sequenceModel;
        private readonly ClusterCooccurrence _cooccurrence;
        private readonly ClusterMap _clusters;
        private readonly IReadOnlyList<(int User, int Item)> _pairs;
        private readonly double _learnedSmoothing;
        private ClusterFeaturizer? _featurizer;
        private ClusterRanker? _ranker;

        public FoldContext(EvaluationFold fold, ClusterMap clusters, SasRecOptions sasrec, ClusterCooccurrenceOptions cooccurrence, IReadOnlyList<Setting> grid, double learnedSmoothing)
        {
            _learnedSmoothing = learnedSmoothing;
            _cooccurrence = ClusterCooccurrence.Fit(fold.Train.Sequences, clusters, cooccurrence);
            Fold = fold;
            _clusters = clusters;
            var pairs = new List<(int User, int Item)>();
            for (var u = 0; u < fold.HeldOut.Count; u++)
            {
                foreach (var item in fold.HeldOut[u])
                {
                    if (item < fold.Train.ItemCount)
                    {
                        pairs.Add((u, item));
                    }
                }
            }

            _pairs = pairs;
            foreach (var key in grid.Select(s => (s.Diversify, s.ItemSmoothing)).Distinct())
            {
                _predictors[key] = NovelClusterPredictor.Fit(fold.Train.Sequences, clusters, new NovelClusterOptions(Diversify: key.Diversify, ItemSmoothing: key.ItemSmoothing));
            }

            if (grid.Any(s => s.Blend > 0))
            {
                var itemClusters = Enumerable.Range(0, clusters.ItemCount).Select(clusters.ClusterOf).ToArray();
                var watch = Stopwatch.StartNew();
                _sequenceModel = new NextInterestPredictor(itemClusters, clusters.ClusterCount, sasrec).Fit(fold.Train.Sequences, new TrainingContext(Seed: 42));
                Console.WriteLine($"cluster SASRec ({sasrec.Dimensions} dims, {sasrec.Epochs} epochs) trained in {watch.Elapsed.TotalSeconds:F0} s");
            }
        }

        public EvaluationFold Fold { get; }

        /// <summary>
        /// The features of this fold's novel clusters: the plain transition model (β = 0, item back-off at the
        /// --learned-smoothing pseudo-count), the co-occurrence model and, when the grid blends it, the cluster SASRec.
        /// </summary>
        public ClusterFeaturizer Featurizer => _featurizer ??= new ClusterFeaturizer(
            NovelClusterPredictor.Fit(Fold.Train.Sequences, _clusters, new NovelClusterOptions(Diversify: 0, ItemSmoothing: _learnedSmoothing)),
            _cooccurrence,
            _sequenceModel);

        /// <summary>Fits this fold's cluster ranker on another fold's held-out choices, made with that fold's exploit model.</summary>
        public void Learn(FoldContext labels, IRecommenderModel labelModel, int coveredSlots, ClusterRankerOptions options, string description)
        {
            var watch = Stopwatch.StartNew();
            var groups = labels.Featurizer.CollectGroups(labelModel, labels.Fold.Train, labels._pairs, coveredSlots);
            _ranker = ClusterRanker.Fit(groups, ClusterFeaturizer.Dimensions, options);
            var weights = string.Join(", ", ClusterFeaturizer.Names.Select((n, d) => string.Create(CultureInfo.InvariantCulture, $"{n} {_ranker.Weights[d]:F3}")));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cluster ranker for {description}: {groups.Count:N0} choices, {_ranker.Iterations} Newton steps, mean log-likelihood {_ranker.MeanLogLikelihood(groups):F4} (uniform {-groups.Average(g => Math.Log(g.Features.Length / ClusterFeaturizer.Dimensions)):F4}), {watch.Elapsed.TotalSeconds:F0} s; weights: {weights}"));
        }

        public ClusterMap Clusters => _clusters;

        public ExplorationEvaluation Evaluate(IRecommenderModel model, Setting setting, int k, double share)
        {
            var predictor = _predictors[(setting.Diversify, setting.ItemSmoothing)];
            if (setting.Blend > 0 && _sequenceModel is not null)
            {
                predictor = predictor.WithSequenceModel(_sequenceModel, setting.Blend);
            }

            if (setting.Cooccurrence > 0)
            {
                predictor = predictor.WithCooccurrence(_cooccurrence, setting.Cooccurrence);
            }

            var budget = setting.Sharpness > 0 || setting.Gain
                ? ExplorationBudget.Fit(Fold.Train.Sequences, _clusters, new ExplorationBudgetOptions(Share: share, Sharpness: setting.Sharpness))
                : null;
            if (setting.Gain)
            {
                budget = budget!.WithPredictor(predictor);
            }
            var policy = new ExplorationOptions(Diversity: setting.Mmr, ItemAffinity: setting.Affinity, ClusterMass: setting.Mass, NovelCoverage: setting.Coverage);
            var learned = setting.Learned is { } sharpness
                ? new LearnedClusterScoring(Featurizer, _ranker ?? throw new InvalidOperationException("no cluster ranker fitted"), sharpness)
                : null;
            return ExplorationEvaluator.Evaluate(model, Fold.Train, _pairs, predictor, new ExplorationEvaluationOptions(K: k, ExploreShare: share, Policy: policy, Budget: budget, Learned: learned));
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>
    /// Interest clusters as serving learns them (<see cref="SequenceClusterer"/>: item2vec over the fold's training
    /// sequences, spherical k-means), with no catalogue text: neither data set's file gives item text the product
    /// would have, and the attributes or genres are the other cluster definition. Items seen fewer than twice in
    /// training get no cluster, so a held-out item among them is never a novel-cluster hit nor counted eligible.
    /// </summary>
    private static ClusterMap FitInterestClusters(EvaluationFold fold, IdMap ids, int k, int seed, string name)
    {
        var watch = Stopwatch.StartNew();
        var items = Enumerable.Range(0, fold.Train.ItemCount).Select(i => new Item(ids[i], string.Empty)).ToArray();
        var map = new SequenceClusterer(new SequenceClusterOptions(Clusters: k)).Fit(items, fold.Train.Sequences, seed).ToClusterMap();
        var unclustered = Enumerable.Range(0, map.ItemCount).Count(i => map.ClusterOf(i) < 0);
        var heldOut = fold.HeldOut.Where(h => h.Length > 0 && h[0] < fold.Train.ItemCount).ToList();
        var heldOutUnclustered = heldOut.Count(h => map.ClusterOf(h[0]) < 0);
        var sizes = Enumerable.Range(0, map.ClusterCount).Select(c => map.ItemsOf(c).Length).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} fold: {map.ClusterCount} interest clusters in {watch.Elapsed.TotalSeconds:F1} s (sizes {sizes[0]}-{sizes[^1]}, median {sizes[sizes.Length / 2]}); {unclustered:N0} items without one, held-out items without one {heldOutUnclustered:N0} of {heldOut.Count:N0}"));
        return map;
    }

    /// <summary>MovieLens u.item: film id → first listed genre name.</summary>
    private static Dictionary<string, string> MovieLensGenres(string itemFile)
    {
        string[] genres = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"];
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(itemFile, Encoding.Latin1))
        {
            var fields = line.Split('|');
            if (fields.Length < 5 + genres.Length)
            {
                continue;
            }

            for (var g = 0; g < genres.Length; g++)
            {
                if (fields[5 + g] == "1")
                {
                    result[fields[0]] = genres[g];
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>Beauty_item2attributes.json: item id → the least common attribute shared by at least 50 items.</summary>
    private static Dictionary<string, string> BeautyAttributeClusters(string attributeFile, int minSize)
    {
        using var stream = File.OpenRead(attributeFile);
        var attributes = JsonSerializer.Deserialize<Dictionary<string, int[]>>(stream) ?? [];
        var frequency = new Dictionary<int, int>();
        foreach (var list in attributes.Values)
        {
            foreach (var a in list)
            {
                frequency[a] = frequency.GetValueOrDefault(a) + 1;
            }
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, list) in attributes)
        {
            if (list.Length == 0)
            {
                continue;
            }

            var populated = list.Where(a => frequency[a] >= minSize).ToList();
            var chosen = populated.Count > 0 ? populated.MinBy(a => frequency[a]) : list.MaxBy(a => frequency[a]);
            result[item] = "attr" + chosen.ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }
}
