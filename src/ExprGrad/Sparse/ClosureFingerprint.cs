using System.Linq.Expressions;

namespace ExprGrad;

/// <summary>
/// What a sparsity pattern can depend on besides the input length: the closure data a program reads
/// (lengths, index arrays, counts). A snapshot is taken when the pattern is traced and compared on each
/// call: integers and integer arrays by value, double arrays by shape (their values only feed doubles, which
/// the trace does not read — unless the program converts a double to an integer, when they count by value
/// too). An object the snapshot cannot compare makes every call trace anew.
/// </summary>
internal sealed class ClosureFingerprint
{
    private readonly Func<object?[]> read;
    private readonly bool doubleValuesMatter;

    private ClosureFingerprint(Func<object?[]> read, bool doubleValuesMatter) => (this.read, this.doubleValuesMatter) = (read, doubleValuesMatter);

    /// <summary>The closure reads of a program.</summary>
    public static ClosureFingerprint Of(LambdaExpression program)
    {
        var reads = new ClosureReads();
        reads.Visit(program.Body);
        var boxed = reads.Found.Select(e => Expression.Convert(e, typeof(object)));
        return new(Expression.Lambda<Func<object?[]>>(Expression.NewArrayInit(typeof(object), boxed)).Compile(), reads.ConvertsDoubles);
    }

    /// <summary>The current values, as a snapshot to compare later ones with.</summary>
    public object?[] Take() => [.. read().Select(Copy)];

    /// <summary>Whether the closure data still has the values of <paramref name="snapshot"/>.</summary>
    public bool Matches(object?[] snapshot)
    {
        var now = read();
        for (int k = 0; k < now.Length; k++)
            if (!Same(snapshot[k], now[k])) return false;
        return true;
    }

    private object? Copy(object? value) => value switch
    {
        double[] v when !doubleValuesMatter => new Shape([v.Length]),
        double[,] m when !doubleValuesMatter => new Shape([m.GetLength(0), m.GetLength(1)]),
        double[][] j when !doubleValuesMatter => new Shape([j.Length, .. j.Select(v => v?.Length ?? -1)]),
        Array a when a.GetType().GetElementType()!.IsPrimitive => a.Clone(),
        null or string or Type or Delegate or System.Reflection.MemberInfo => value,
        _ when value.GetType().IsPrimitive || value.GetType().IsEnum => value,
        _ => Unknown.Instance,
    };

    private bool Same(object? old, object? now)
    {
        if (old is Unknown) return false;
        return old switch
        {
            Shape s => Copy(now) is Shape t && s.Lengths.SequenceEqual(t.Lengths),
            int[] a => now is int[] b && a.AsSpan().SequenceEqual(b),
            double[] a => now is double[] b && a.AsSpan().SequenceEqual(b),
            Array a => now is Array b && a.GetType() == b.GetType() && a.Length == b.Length
                       && Enumerable.Range(0, a.Rank).All(d => a.GetLength(d) == b.GetLength(d))
                       && System.Collections.StructuralComparisons.StructuralEqualityComparer.Equals(a, b),
            _ => Equals(old, now),
        };
    }

    private sealed record Shape(int[] Lengths);

    private sealed class Unknown
    {
        public static readonly Unknown Instance = new();
    }

    /// <summary>The outermost expressions that read no variable and are not literals: closure fields, statics, constant arrays.</summary>
    private sealed class ClosureReads : ExpressionVisitor
    {
        public List<Expression> Found { get; } = [];
        public bool ConvertsDoubles { get; private set; }

        public override Expression? Visit(Expression? node)
        {
            switch (node)
            {
                case MemberExpression member when !VariableFree.Reads(member):
                    Found.Add(member);
                    return node;
                case ConstantExpression { Value: { } value } when !value.GetType().IsPrimitive && value is not string:
                    Found.Add(node);
                    return node;
                case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert
                    when convert.Operand.Type == typeof(double) && convert.Type != typeof(double):
                    ConvertsDoubles = true;
                    break;
            }
            return base.Visit(node);
        }
    }

    private sealed class VariableFree : ExpressionVisitor
    {
        private bool any;
        public static bool Reads(Expression node) { var v = new VariableFree(); v.Visit(node); return v.any; }
        protected override Expression VisitParameter(ParameterExpression node) { any = true; return node; }
    }
}
