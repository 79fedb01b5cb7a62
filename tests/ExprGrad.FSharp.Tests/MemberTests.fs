/// Records used whole and their members (issue 15): a member of a [<ReflectedDefinition>] type is inlined with the
/// instance as its first argument; a record passed to or returned from an inner function, chosen by an `if` or
/// carried as a fold's state is split field by field; a single-case union is split like a record; `try … finally`
/// runs the body, then the cleanup. Expected values by hand in each test's comment, or central differences.
module ExprGrad.FSharp.Tests.MemberTests

open System
open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

[<ReflectedDefinition>]
type Vec =
    { X: float; Y: float }
    member v.Norm = sqrt (v.X * v.X + v.Y * v.Y)
    member v.Scaled(k: float) = { X = k * v.X; Y = k * v.Y }
    member v.Dot(w: Vec) = v.X * w.X + v.Y * w.Y
    static member Unit = { X = 1.0; Y = 0.0 }

type Opaque =
    { A: float }
    member o.Twice = 2.0 * o.A

type State = { Sum: float; Product: float }

type Meters = Meters of float

type Span = Span of lo: float * hi: float

[<Fact>]
let ``a member property of an input record`` () =
    // ∇‖v‖ = v/‖v‖ = (0.6, 0.8) at (3, 4).
    let g = grad <@ fun (v: Vec) -> v.Norm @> { X = 3.0; Y = 4.0 }
    assertClose "∇‖v‖" [| 0.6; 0.8 |] [| g.X; g.Y |]

[<Fact>]
let ``member methods returning and taking records, and a static member`` () =
    // (2v).X + v·Unit + v.Y = 2X + X + Y: gradient (3, 1).
    Assert.Equal({ X = 3.0; Y = 1.0 }, grad <@ fun (v: Vec) -> (v.Scaled 2.0).X + v.Dot Vec.Unit + v.Y @> { X = 3.0; Y = 4.0 })

[<Fact>]
let ``a member of a record made in the quotation`` () =
    // ‖(x, 2x)‖ = √5·|x|: derivative √5 at 1.
    Assert.Equal(sqrt 5.0, grad <@ fun (x: float) -> let v = { X = x; Y = 2.0 * x } in v.Norm @> 1.0, 12)

[<Fact>]
let ``a member of a type without [<ReflectedDefinition>] is named with the fix`` () =
    let ex = Assert.ThrowsAny<NotSupportedException>(fun () -> grad <@ fun (o: Opaque) -> o.Twice @> |> ignore)
    Assert.Contains("[<ReflectedDefinition>]", ex.Message)
    Assert.Contains("Twice", ex.Message)

[<Fact>]
let ``records passed to and returned from inner functions, chosen by an if, and a fold state`` () =
    // An input record through an inner function: U·V with U = 2, V = 3 → (V, U) = (3, 2).
    Assert.Equal({ X = 3.0; Y = 2.0 }, grad <@ fun (v: Vec) -> let area (w: Vec) = w.X * w.Y in area v @> { X = 2.0; Y = 3.0 })
    // Returned from an inner function: x + x², derivative 1 + 2x = 7 at 3.
    Assert.Equal(7.0, grad <@ fun (x: float) -> let make t = { X = t; Y = t * t } in let v = make x in v.X + v.Y @> 3.0)
    // Chosen by an if: at 3 the record is (x, 1), X·Y = x, derivative 1; at −2 it is (1, x·x), derivative 2x = −4.
    let chosen = grad <@ fun (x: float) -> let v = if x > 0.0 then { X = x; Y = 1.0 } else { X = 1.0; Y = x * x } in v.X * v.Y @>
    Assert.Equal(1.0, chosen 3.0)
    Assert.Equal(-4.0, chosen -2.0)
    // A fold's record state: Σv + Πv over (2, 3) = 5 + 6; gradient (1 + 3, 1 + 2).
    Assert.Equal<float[]>([| 4.0; 3.0 |], grad <@ fun (xs: float[]) -> let s = Array.fold (fun (s: State) v -> { Sum = s.Sum + v; Product = s.Product * v }) { Sum = 0.0; Product = 1.0 } xs in s.Sum + s.Product @> [| 2.0; 3.0 |])

[<Fact>]
let ``single-case unions are split like records`` () =
    // (2x)² → 8x = 24 at 3; hi − lo = x² − x → 2x − 1 = 5, by a let pattern, a match and a function's pattern.
    Assert.Equal(24.0, grad <@ fun (x: float) -> let (Meters m) = Meters (2.0 * x) in m * m @> 3.0)
    Assert.Equal(5.0, grad <@ fun (x: float) -> match Span (x, x * x) with Span (lo, hi) -> hi - lo @> 3.0)
    Assert.Equal(5.0, grad <@ fun (x: float) -> let width (Span (lo, hi)) = hi - lo in width (Span (x, x * x)) @> 3.0)

[<Fact>]
let ``try … finally differentiates the body and runs the cleanup`` () =
    // x² → 2x = 6 at 3; the cleanup's printfn runs once per call and carries no gradient.
    let value, g = valueAndGrad <@ fun (x: float) -> try x * x finally printfn "cleanup" @> 3.0
    Assert.Equal(9.0, value)
    Assert.Equal(6.0, g)

[<Fact>]
let ``an option passed whole to a method and try … with are named with the F# fix`` () =
    let option = Assert.ThrowsAny<NotSupportedException>(fun () -> grad <@ fun (x: float) -> float (string (Some x)).Length * x @> |> ignore)
    Assert.Contains("option value ('Some')", option.Message)
    let catch = Assert.ThrowsAny<NotSupportedException>(fun () -> grad <@ fun (x: float) -> try sqrt x with e -> float e.Message.Length @> |> ignore)
    Assert.Contains("'with' whose handler reads the exception 'e'", catch.Message)

let private energy = grad <@ fun (v: Vec, w: Vec) -> let s = v.Scaled 0.5 in s.Norm * w.Dot s + (if v.X > w.X then { X = v.Y; Y = w.Y } else { X = w.Y; Y = v.Y }).Norm @>

[<Property(MaxTest = 100, Replay = "(20261129,61)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``members and records chosen whole match central differences`` (Vector p) =
    let p = Array.init 4 (fun i -> if i < p.Length then p[i] + 1.5 else float i + 0.25)
    let plain (p: float[]) =
        let v, w = { X = p[0]; Y = p[1] }, { X = p[2]; Y = p[3] }
        let s = v.Scaled 0.5
        s.Norm * w.Dot s + (if v.X > w.X then { X = v.Y; Y = w.Y } else { X = w.Y; Y = v.Y }).Norm
    // Central differences must not cross the if's boundary.
    if abs (p[0] - p[2]) > 1e-2 then
        let gv, gw = energy ({ X = p[0]; Y = p[1] }, { X = p[2]; Y = p[3] })
        assertClose $"energy at %A{p}" (numericGradient plain p) [| gv.X; gv.Y; gw.X; gw.Y |]
