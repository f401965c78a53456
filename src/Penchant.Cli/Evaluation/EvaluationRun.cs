using System.Globalization;
using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;
using Penchant.Storage.Datasets;
using Spectre.Console;

namespace Penchant.Cli.Evaluation;

/// <summary>Reads, splits, selects and tests each model, then prints and writes the results.</summary>
internal static class EvaluationRun
{
    /// <summary>Runs the evaluation <paramref name="settings"/> describe; returns the exit code.</summary>
    /// <param name="settings">What to read, split, run and write.</param>
    /// <param name="console">Where tables and progress go.</param>
    /// <param name="cancellation">Stops fitting and ranking.</param>
    /// <param name="hybridFactory">Builds blends for <c>--hybrid</c>; defaults to <see cref="ModelCatalog.HybridFactory"/>.</param>
    public static int Run(
        EvaluateSettings settings,
        IAnsiConsole console,
        CancellationToken cancellation,
        Func<IReadOnlyList<(IRecommender Recommender, double Weight)>, IRecommender>? hybridFactory = null)
    {
        var (dataset, split) = LoadSplit(settings);
        PrintSplit(console, dataset, split, settings.UnseenItems);

        var entries = ChooseEntries(settings);
        var features = settings.ItemFeatures is { } featurePath ? DenseFeatures(DatasetReader.ReadItemFeatures(featurePath), split) : null;
        var evaluator = new Evaluator(new EvaluationOptions(settings.K, UnseenItems: settings.UnseenItems, SampledNegatives: settings.SampledNegatives, Seed: settings.Seed, ItemFeatures: features));
        var refitRidge = settings.RefitRidge ?? RidgeRefit.ProfileRatio(split);
        if (refitRidge != 1)
        {
            console.MarkupLine(CultureInfo.InvariantCulture, "[grey]refit: EASE-family λ × {0:0.###} when the chosen configurations are refitted on all training records{1}[/]",
                refitRidge, settings.RefitRidge is null ? " (the validation users' histories in the carves are that share of their length there)" : "");
        }

        var selector = new ModelSelector(evaluator) { RefitRidgeScale = refitRidge };
        var context = new TrainingContext(settings.Seed, Cancellation: cancellation);
        var selections = new List<ModelSelection>();
        var configurations = new Dictionary<string, IReadOnlyList<ModelCandidate>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            // Each configuration fits once per fold: the chosen one is then reused, not retrained, by the hybrid search.
            var cached = entry with { Candidates = [.. entry.Candidates.Select(static c => c with { Recommender = new FitOnceRecommender(c.Recommender) })] };
            var selection = selector.Select(cached, split, context);
            selections.Add(selection);
            configurations[selection.Name] = cached.Candidates;
            console.MarkupLine(CultureInfo.InvariantCulture, "[grey]{0}: {1} configuration(s) tried, chose {2}; test ndcg@{3} {4:0.0000} (fit {5:0.00}s, rank {6:0.00}s)[/]",
                Markup.Escape(selection.Name), Math.Max(1, selection.Trials.Count), Markup.Escape(selection.Best.Label), settings.K,
                selection.Test.Metrics.Ndcg, selection.Test.FitTime.TotalSeconds, selection.Test.RankTime.TotalSeconds);
        }

        if (settings.Hybrid)
        {
            RunHybrid(console, evaluator, split, selections, context, hybridFactory ?? ModelCatalog.HybridFactory(settings.HybridScale), settings.HybridPool, settings.HybridWeights, settings.HybridSettings, configurations, refitRidge);
        }

        var listModel = ChooseListModel(settings, selections);
        var report = new EvaluationReport(dataset, split, selections, listModel);
        if (settings.Bootstrap > 0)
        {
            var options = new BootstrapOptions(settings.Bootstrap, Seed: settings.Seed);
            report = report with { Bootstrap = Uncertainty(report, settings.K, options), BootstrapOptions = options };
        }

        PrintTables(console, report, settings.K);
        PrintBootstrap(console, report, settings.K);

        if (settings.OutDirectory is { } outDir)
        {
            Directory.CreateDirectory(outDir);
            ReportWriter.WriteCsv(report, Path.Combine(outDir, "metrics.csv"));
            ReportWriter.WriteJson(report, Path.Combine(outDir, "metrics.json"));
            var metrics = EvaluationReport.ChartMetrics(settings.K);
            var values = selections.Select(s => metrics.Select(m => s.Test.Metrics.Entries().First(e => e.Name == m).Value).ToArray()).ToArray();
            var svg = SvgBarChart.Render($"{dataset}: test, full ranking, K={settings.K}", split.Description, [.. selections.Select(static s => s.Name)], metrics, values);
            File.WriteAllText(Path.Combine(outDir, "metrics.svg"), svg);
            console.MarkupLine($"Wrote {Markup.Escape(Path.Combine(outDir, "metrics.csv"))}, metrics.json and metrics.svg");
        }

        if (settings.ExportLists is { } listsPath && listModel is not null)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(listsPath));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            ReportWriter.WriteLists(listModel, split, listsPath);
            console.MarkupLine($"Wrote top-{settings.K} lists of [bold]{Markup.Escape(listModel.Name)}[/] to {Markup.Escape(listsPath)}");
        }

        return 0;
    }

    private static (string Dataset, EvaluationSplit Split) LoadSplit(EvaluateSettings s)
    {
        List<InteractionRecord> Filter(List<InteractionRecord> records) =>
            s.MinRating is { } min ? records.FindAll(r => r.Value >= min) : records;

        if (s.Split == "predefined")
        {
            if (s.Train is null || s.Test is null)
            {
                throw new ArgumentException("The predefined split needs --train and --test.");
            }

            var train = Filter(DatasetReader.Read(s.Format, s.Train));
            var test = Filter(DatasetReader.Read(s.Format, s.Test));
            var carve = s.GlobalRandom ? ValidationCarve.Global : s.ValidationFromTestUsers ? ValidationCarve.TestUsers : ValidationCarve.MirrorTest;
            var carves = PredefinedSplit.Carves(train, test, s.ValidationCarves, s.Seed, carve);
            var recordSplit = carves[0];
            var validationText = carve == ValidationCarve.Global
                ? $"random global {(double)test.Count / (train.Count + test.Count):P0} of training"
                : carve == ValidationCarve.TestUsers
                    ? $"{recordSplit.Validation.Count} training records of the {recordSplit.Validation.Select(static r => r.User).Distinct().Count()} test users, shaped like the test part"
                    : $"{recordSplit.Validation.Count} training records of a random {recordSplit.Validation.Select(static r => r.User).Distinct().Count()} users, shaped like the test part";
            var seeds = carves.Count == 1
                ? $"seed {s.Seed}"
                : $"{carves.Count} carves (seeds {s.Seed}-{s.Seed + carves.Count - 1}), selection on their mean";
            var description = $"predefined {Path.GetFileName(s.Train)} / {Path.GetFileName(s.Test)}; validation: {validationText}, {seeds}";
            return ($"{s.Format} {Path.GetFileName(s.Train)}+{Path.GetFileName(s.Test)}", EvaluationSplit.Build(carves, description));
        }

        if (s.ValidationFromTestUsers)
        {
            throw new ArgumentException("--validation-users test works with a predefined split (--train and --test); the other splits carve their own validation part.");
        }

        if (s.ValidationCarves != 1)
        {
            throw new ArgumentException("--validation-carves works with a predefined split (--train and --test); the other splits carve their own validation part.");
        }

        if (s.Data is null)
        {
            throw new ArgumentException("Give --data (or --train and --test for a predefined split).");
        }

        var records = Filter(DatasetReader.Read(s.Format, s.Data));
        IDataSplitter splitter = s.Split switch
        {
            "loo" => new LeaveLastOutSplitter(),
            "time" => s.TimeCut is { } cut ? TimeCutSplitter.AtTimestamp(cut) : TimeCutSplitter.ByRecordFraction(s.TestFraction),
            "random" => new RandomSplitter(s.Ratio.Train, s.Ratio.Validation, s.Ratio.Test, perUser: !s.GlobalRandom, s.Seed),
            _ => throw new ArgumentException($"Unknown split '{s.Split}' (loo, time, random, predefined)."),
        };
        return ($"{s.Format} {Path.GetFileName(s.Data)}", EvaluationSplit.Build(records, splitter, withValidation: true));
    }

    // Feature ids get dense ints; items without an entry have no features (similarity 0 to everything).
    private static int[][] DenseFeatures(Dictionary<string, string[]> byItem, EvaluationSplit split)
    {
        var ids = new Penchant.Core.Data.IdMap();
        return [.. split.Items.Ids.Select(item => byItem.TryGetValue(item, out var f) ? f.Select(ids.GetOrAdd).ToArray() : [])];
    }

    private static List<ModelCatalogEntry> ChooseEntries(EvaluateSettings s)
    {
        var entries = new List<ModelCatalogEntry>();
        if (s.Models.Count == 0)
        {
            entries.AddRange(ModelCatalog.All);
        }
        else
        {
            foreach (var name in s.Models)
            {
                entries.Add(ModelCatalog.Find(name)
                    ?? throw new ArgumentException($"Unknown model '{name}'. Known: {string.Join(", ", ModelCatalog.All.Select(static e => e.Name))}."));
            }
        }

        return s.NoTune ? [.. entries.Select(static e => e with { Candidates = [e.Candidates[0]] })] : entries;
    }

    private static void RunHybrid(
        IAnsiConsole console,
        Evaluator evaluator,
        EvaluationSplit split,
        List<ModelSelection> selections,
        TrainingContext context,
        Func<IReadOnlyList<(IRecommender Recommender, double Weight)>, IRecommender>? factory,
        int pool,
        BlendWeighting weighting,
        int settingsPerModel = 1,
        IReadOnlyDictionary<string, IReadOnlyList<ModelCandidate>>? configurations = null,
        double refitRidge = 1)
    {
        if (factory is null)
        {
            console.MarkupLine("[yellow]--hybrid: this build has no hybrid recommender; skipped.[/]");
            return;
        }

        var components = BlendPool(selections, pool, settingsPerModel, configurations);
        if (components.Count < 2)
        {
            console.MarkupLine("[yellow]--hybrid needs at least two models with validation results; skipped.[/]");
            return;
        }

        console.MarkupLine(CultureInfo.InvariantCulture, "[grey]hybrid: components drawn from {0}[/]", Markup.Escape(string.Join(", ", components.Select(static c => c.Name))));
        var step = 0.1;
        var hybrid = new HybridWeightSearch(evaluator, factory) { RefitRidgeScale = refitRidge }.SearchGreedy(components, split, 3, step, context, weighting);
        selections.Add(hybrid);
        console.MarkupLine(CultureInfo.InvariantCulture, "[grey]{0}: chose {1}[/]", Markup.Escape(hybrid.Name), Markup.Escape(hybrid.Best.Label));
    }

    /// <summary>
    /// The blend's candidate components: the <paramref name="pool"/> best models on validation (0: all), best first, each
    /// with its chosen configuration; with <paramref name="settingsPerModel"/> above 1, each model's next best
    /// configurations on validation follow it as candidates of their own, named <c>model[label]</c>.
    /// </summary>
    internal static List<(string Name, IRecommender Recommender)> BlendPool(
        IReadOnlyList<ModelSelection> selections, int pool, int settingsPerModel, IReadOnlyDictionary<string, IReadOnlyList<ModelCandidate>>? configurations)
    {
        var result = new List<(string Name, IRecommender Recommender)>();
        foreach (var selection in selections
            .Where(static s => s.Validation is not null)
            .OrderByDescending(static s => ModelSelector.Score(s.Validation!))
            .Take(pool == 0 ? int.MaxValue : pool))
        {
            result.Add((selection.Name, selection.Best.Recommender));
            if (settingsPerModel <= 1 || configurations?.GetValueOrDefault(selection.Name) is not { } candidates)
            {
                continue;
            }

            // The trials are in the candidates' order; the chosen one is already in.
            var runnersUp = selection.Trials
                .Select((trial, i) => (Trial: trial, Candidate: candidates[i]))
                .Where(t => !ReferenceEquals(t.Candidate.Recommender, selection.Best.Recommender))
                .OrderByDescending(static t => ModelSelector.Score(t.Trial))
                .Take(settingsPerModel - 1);
            foreach (var (_, candidate) in runnersUp)
            {
                result.Add(($"{selection.Name}[{candidate.Label}]", candidate.Recommender));
            }
        }

        return result;
    }

    /// <summary>Each model's test precision@K with its interval, and its paired difference from the exported model.</summary>
    private static List<PrecisionUncertainty> Uncertainty(EvaluationReport report, int k, BootstrapOptions options)
    {
        var values = report.Models.Select(m => UserBootstrap.PerUserPrecision(report.Split.Test, m.Test.Lists, k)).ToList();
        var listIndex = report.ListModel is { } listModel ? report.Models.ToList().IndexOf(listModel) : -1;
        return [.. report.Models.Select((m, i) =>
        {
            var paired = listIndex < 0 || i == listIndex ? (BootstrapInterval?)null : UserBootstrap.MeanDifference(values[i], values[listIndex], options);
            return new PrecisionUncertainty(m.Name, UserBootstrap.Mean(values[i], options), paired);
        })];
    }

    private static void PrintBootstrap(IAnsiConsole console, EvaluationReport report, int k)
    {
        if (report.Bootstrap.Count == 0 || report.BootstrapOptions is not { } options)
        {
            return;
        }

        var table = new Table().Title(string.Create(CultureInfo.InvariantCulture, $"Test precision@{k}: {options.Confidence:P0} intervals over {options.Resamples} resamples of the test users"));
        table.AddColumn("model");
        table.AddColumn(new TableColumn($"precision@{k}").RightAligned());
        table.AddColumn(new TableColumn("interval").RightAligned());
        table.AddColumn(new TableColumn("minus exported").RightAligned());
        table.AddColumn(new TableColumn("paired interval").RightAligned());
        foreach (var u in report.Bootstrap)
        {
            table.AddRow(
                Markup.Escape(u.Model),
                Format(u.Precision.Estimate),
                $"{Format(u.Precision.Low)}..{Format(u.Precision.High)}",
                u.MinusListModel is { } d ? Signed(d.Estimate) : "-",
                u.MinusListModel is { } e ? $"{Signed(e.Low)}..{Signed(e.High)}" : "-");
        }

        console.Write(table);
    }

    private static ModelSelection? ChooseListModel(EvaluateSettings s, List<ModelSelection> selections)
    {
        if (s.ListModel is { } name)
        {
            return selections.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"--model {name} is not among the evaluated models.");
        }

        return selections
            .OrderByDescending(static m => m.Validation is { } v ? ModelSelector.Score(v) : double.NegativeInfinity)
            .FirstOrDefault();
    }

    private static void PrintSplit(IAnsiConsole console, string dataset, EvaluationSplit split, UnseenItemPolicy policy)
    {
        console.MarkupLine($"[bold]{Markup.Escape(dataset)}[/]: {split.Users.Count} users, {split.Items.Count} items; {Markup.Escape(split.Description)}");
        var folds = split.ValidationFolds.Select((f, c) => (Name: split.ValidationFolds.Count == 1 ? "validation" : $"validation {c + 1}", Fold: f)).Append(("test", split.Test));
        foreach (var (name, fold) in folds)
        {
            console.MarkupLine(CultureInfo.InvariantCulture, "  {0}: {1} training pairs; {2} held-out pairs over {3} users; {4} cold users (skipped); {5} held-out pairs on {6} items unseen in training (policy: {7})",
                name, fold.Train.Matrix.NonZeros, fold.HeldOutRecords, fold.HeldOutUsers, fold.ColdUsers, fold.UnseenItemRecords, fold.UnseenItems, policy == UnseenItemPolicy.Keep ? "kept, all-items ranking" : "dropped");
        }
    }

    private static void PrintTables(IAnsiConsole console, EvaluationReport report, int k)
    {
        var first = report.Models.FirstOrDefault();
        if (first is null)
        {
            return;
        }

        // Metrics as rows and models as columns: fits a terminal however many metrics there are.
        var table = new Table().Title($"Test, full ranking over all items, K={k}");
        table.AddColumn("metric");
        foreach (var m in report.Models)
        {
            table.AddColumn(new TableColumn(Markup.Escape(m.Name) + (ReferenceEquals(m, report.ListModel) ? " *" : "")).RightAligned());
        }

        var names = first.Test.Metrics.Entries().Select(static e => e.Name).Where(static n => !n.StartsWith("sampled", StringComparison.Ordinal)).ToList();
        var columns = report.Models.Select(static m => m.Test.Metrics.Entries().ToDictionary(static e => e.Name, static e => e.Value)).ToList();
        table.AddRow([(report.Split.ValidationFolds.Count > 1 ? "mean validation ndcg@" : "validation ndcg@") + k.ToString(CultureInfo.InvariantCulture), .. report.Models.Select(static m => m.Validation is { } v ? Format(v.Metrics.Ndcg) : "-")]);
        foreach (var name in names)
        {
            table.AddRow([Markup.Escape(name), .. columns.Select(c => Format(c[name]))]);
        }

        table.AddRow(["users", .. report.Models.Select(static m => m.Test.Metrics.Users.ToString(CultureInfo.InvariantCulture))]);
        table.AddRow(["fit + rank s", .. report.Models.Select(static m => (m.Test.FitTime + m.Test.RankTime).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture))]);

        console.Write(table);
        if (first.Test.Metrics.Sampled is { } sampled)
        {
            var st = new Table().Title($"SAMPLED metrics: each positive vs {sampled.Negatives} sampled negatives (not comparable with full ranking)");
            st.AddColumn("model");
            var sampledNames = first.Test.Metrics.Entries().Select(static e => e.Name).Where(static n => n.StartsWith("sampled", StringComparison.Ordinal)).ToList();
            foreach (var name in sampledNames)
            {
                st.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
            }

            foreach (var m in report.Models)
            {
                var entries = m.Test.Metrics.Entries().ToDictionary(static e => e.Name, static e => e.Value);
                st.AddRow([Markup.Escape(m.Name), .. sampledNames.Select(n => Format(entries[n]))]);
            }

            console.Write(st);
        }

        console.MarkupLine("* = model whose lists are exported (best validation ndcg, or --model)");
    }

    private static string Signed(double value) => value.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);

    private static string Format(double value) =>
        double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
}
