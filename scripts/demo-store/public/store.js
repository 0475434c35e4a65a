// The demo shop's own script: a cart in localStorage; at checkout it asks the Vouch widget for the
// visitor's referral code (a friend who arrived through a link) and fills the coupon field with it.
(function () {
  var KEY = 'nordlicht-cart';
  function read() {
    try {
      return JSON.parse(localStorage.getItem(KEY)) || [];
    } catch (e) {
      return [];
    }
  }
  function write(items) {
    localStorage.setItem(KEY, JSON.stringify(items));
    render();
  }
  function money(cents) {
    return '$' + (cents / 100).toFixed(2);
  }
  function subtotal(items) {
    return items.reduce(function (s, i) {
      return s + i.unit * i.qty;
    }, 0);
  }

  function render() {
    var items = read();
    document.querySelectorAll('[data-cart-count]').forEach(function (el) {
      el.textContent = String(
        items.reduce(function (n, i) {
          return n + i.qty;
        }, 0),
      );
    });
    document.querySelectorAll('[data-cart-subtotal]').forEach(function (el) {
      el.textContent = money(subtotal(items));
    });
    var table = document.querySelector('[data-cart-table] tbody');
    if (table) {
      table.innerHTML = '';
      items.forEach(function (i) {
        var row = document.createElement('tr');
        [i.name, String(i.qty), money(i.unit * i.qty)].forEach(function (text) {
          var td = document.createElement('td');
          td.textContent = text;
          row.appendChild(td);
        });
        table.appendChild(row);
      });
      document.querySelector('[data-cart-empty]').hidden = items.length > 0;
    }
    var field = document.querySelector('[data-cart-field]');
    if (field) field.value = JSON.stringify(items);
  }

  var add = document.querySelector('[data-add-to-cart]');
  if (add)
    add.addEventListener('click', function () {
      var qty = Math.max(1, Math.min(20, parseInt(document.getElementById('qty').value, 10) || 1));
      var items = read();
      var existing = items.filter(function (i) {
        return i.sku === add.dataset.sku;
      })[0];
      if (existing) existing.qty += qty;
      else items.push({ sku: add.dataset.sku, name: add.dataset.name, unit: Number(add.dataset.unit), qty: qty });
      write(items);
      document.querySelector('[data-added]').hidden = false;
    });

  var params = new URLSearchParams(location.search);
  var order = document.querySelector('[data-order-id]');
  if (order) {
    order.textContent = params.get('order') || '';
    if (params.get('coupon')) {
      var box = document.querySelector('[data-order-coupon]');
      box.hidden = false;
      box.querySelector('code').textContent = params.get('coupon');
    }
    localStorage.removeItem(KEY);
  }
  var coupon = document.getElementById('coupon');
  if (coupon) {
    // The snippet's queue stub, so this call may run before the widget's loader has arrived.
    window.vouch =
      window.vouch ||
      function () {
        (window.vouch.q = window.vouch.q || []).push(arguments);
      };
    window.vouch('getReferral', function (referral) {
      if (!referral || !referral.code || coupon.value) return;
      coupon.value = referral.code;
      var note = document.querySelector('[data-referral-applied]');
      note.querySelector('code').textContent = referral.code;
      note.hidden = false;
    });
  }
  render();
})();
