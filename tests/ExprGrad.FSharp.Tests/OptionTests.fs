/// Options (issue 15), split into a flag and a payload wherever one is bound, like a tuple: `Some`/`None` made in an
/// `if` or an inner function, `match … with Some v`, `IsSome`/`IsNone`/`Value`, `Option.defaultValue`, a mutable
/// option, and `tryFind`/`tryPick`/`tryFindIndex`/`tryItem`/`tryHead`/`tryLast` of a collection (the index chosen by the verdicts, with no
/// gradient through the choice). Expected values by hand in each test's comment, or central differences.
module ExprGrad.FSharp.Tests.OptionTests

open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

[<Fact>]
let ``an option made by an if and matched`` () =
    // x > 0: Some x² → 2x = 6 at 3; otherwise None → 5x, derivative 5.
    let g = grad <@ fun (x: float) -> match (if x > 0.0 then Some (x * x) else None) with Some v -> v | None -> 5.0 * x @>
    Assert.Equal(6.0, g 3.0)
    Assert.Equal(5.0, g -3.0)

[<Fact>]
let ``IsSome, Value, defaultValue and an inner function returning an option`` () =
    // o = Some x at 3: 2·o.Value → 2; defaultValue 1 o · x = x² → 6; a safe log: 1/x = 0.5 at 2.
    Assert.Equal(2.0, grad <@ fun (x: float) -> let o = if x > 1.0 then Some x else None in (if o.IsSome then o.Value * 2.0 else 1.0) @> 3.0)
    Assert.Equal(6.0, grad <@ fun (x: float) -> let o = if x > 1.0 then Some x else None in Option.defaultValue 1.0 o * x @> 3.0)
    Assert.Equal(0.5, grad <@ fun (x: float) -> let safeLog v = if v > 0.0 then Some (log v) else None in match safeLog x with Some l -> l | None -> 0.0 @> 2.0)

[<Fact>]
let ``a mutable option set in a loop`` () =
    // The first v > 1 of (0.5, 2, 3) is 2, kept as v²: gradient 2v = 4 there.
    let g = grad <@ fun (xs: float[]) -> let mutable best = None in (for v in xs do if v > 1.0 && best.IsNone then best <- Some (v * v)); match best with Some b -> b | None -> 0.0 @>
    Assert.Equal<float[]>([| 0.0; 4.0; 0.0 |], g [| 0.5; 2.0; 3.0 |])

[<Fact>]
let ``tryFind, tryPick, tryHead and tryLast`` () =
    // The first element above 1.5 of (1, 2, 3) is x₂; none above 5, so the fallback 3x₁.
    Assert.Equal<float[]>([| 0.0; 1.0; 0.0 |], grad <@ fun (x: float[]) -> match Array.tryFind (fun v -> v > 1.5) x with Some v -> v | None -> 0.0 @> [| 1.0; 2.0; 3.0 |])
    Assert.Equal<float[]>([| 3.0; 0.0; 0.0 |], grad <@ fun (x: float[]) -> match Array.tryFind (fun v -> v > 5.0) x with Some v -> v | None -> x[0] * 3.0 @> [| 1.0; 2.0; 3.0 |])
    // tryPick: the first chosen payload, x₂² → 2x₂ = 4.
    Assert.Equal<float[]>([| 0.0; 4.0; 0.0 |], grad <@ fun (x: float[]) -> match Array.tryPick (fun v -> if v > 1.5 then Some (v * v) else None) x with Some v -> v | None -> 0.0 @> [| 1.0; 2.0; 3.0 |])
    // head + 2·last of a list; an empty array's tryHead is None, so the fallback 7 and no gradient.
    Assert.Equal<float list>([ 1.0; 0.0; 2.0 ], grad <@ fun (x: float list) -> Option.defaultValue 0.0 (List.tryHead x) + (match List.tryLast x with Some l -> 2.0 * l | None -> 0.0) @> [ 1.0; 2.0; 3.0 ])
    Assert.Equal<float[]>([||], grad <@ fun (x: float[]) -> Option.defaultValue 7.0 (Array.tryHead x) @> [||])

[<Fact>]
let ``tryFindIndex and tryItem`` () =
    // The first index above 1.5 of (1, 2, 3) is 1: x₂·2 → 2 there.
    Assert.Equal<float[]>([| 0.0; 2.0; 0.0 |], grad <@ fun (x: float[]) -> match Array.tryFindIndex (fun v -> v > 1.5) x with Some i -> x[i] * float (i + 1) | None -> 0.0 @> [| 1.0; 2.0; 3.0 |])
    // Item 1 exists (x₂), item 5 does not (the fallback 0): gradient 1 at x₂ only.
    Assert.Equal<float[]>([| 0.0; 1.0; 0.0 |], grad <@ fun (x: float[]) -> Option.defaultValue 10.0 (Array.tryItem 1 x) + Option.defaultValue 0.0 (Array.tryItem 5 x) @> [| 1.0; 2.0; 3.0 |])

let private firstLarge = grad <@ fun (x: float[]) -> (match Array.tryFind (fun v -> v > 0.3) x with Some v -> sin v * v | None -> Array.sum x) + Option.defaultValue 0.0 (Array.tryLast x) ** 2.0 @>

[<Property(MaxTest = 100, Replay = "(20261129,83)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``options from tryFind and tryLast match central differences away from the predicate's boundary`` (Vector x) =
    let plain (x: float[]) = (match Array.tryFind (fun v -> v > 0.3) x with Some v -> sin v * v | None -> Array.sum x) + Option.defaultValue 0.0 (Array.tryLast x) ** 2.0
    if x |> Array.forall (fun v -> abs (v - 0.3) > 1e-2) then assertClose $"options at %A{x}" (numericGradient plain x) (firstLarge x)
